namespace MicroshareForwarder.Sandbox.Identity;

/// <summary>One request that <see cref="FakeTokenService"/> received. Secrets and assertions are not kept.</summary>
/// <param name="Method">The HTTP method.</param>
/// <param name="Path">The path, without the query string.</param>
/// <param name="GrantType">The form field <c>grant_type</c> of a token request, or null.</param>
/// <param name="ClientId">The form field <c>client_id</c>, or the <c>client_id</c> query parameter of a managed identity request.</param>
/// <param name="Credential">
/// Which client credential a token request carried: <c>secret</c>, <c>assertion</c> (a signed JWT
/// from a certificate or a federated token), <c>identity-header</c> for a managed identity
/// request with the right header, or null.
/// </param>
/// <param name="Scope">The form field <c>scope</c>, or the <c>resource</c> query parameter of a managed identity request.</param>
/// <param name="Assertion">The <c>client_assertion</c> field, kept so tests can match a federated token file.</param>
public sealed record TokenServiceRequest(string Method, string Path, string? GrantType, string? ClientId, string? Credential, string? Scope, string? Assertion);
