using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace AbStudio.Tests.TestSupport;

/// <summary>Who the provider signs in next, and with which claims.</summary>
public sealed record TestOidcUser(string Subject, string PreferredUserName, IReadOnlyList<string> Roles, IReadOnlyList<string> Groups);

/// <summary>
/// A small OpenID provider on 127.0.0.1 (a real Kestrel server on a free port): discovery,
/// <c>/authorize</c> (approves at once, or refuses with <see cref="RefuseWith"/>), <c>/token</c>
/// (checks the code, the client's id and secret and the PKCE verifier) and <c>/jwks</c>. Its id_tokens
/// are RS256-signed with a key made per instance.
/// </summary>
public sealed class TestOpenIdProvider : IAsyncDisposable
{
    public const string ClientId = "abstudio-test";
    public const string ClientSecret = "provider-client-secret-value";
    private const string KeyId = "test-key-1";

    private readonly WebApplication _app;
    private readonly RSA _rsa = RSA.Create(2048);
    private readonly ConcurrentDictionary<string, PendingCode> _codes = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> _tokenRefusals = new();
    private readonly ConcurrentQueue<string> _issued = new();

    private TestOpenIdProvider(WebApplication app) => _app = app;

    /// <summary>The issuer, e.g. <c>http://127.0.0.1:41234</c> (no trailing slash).</summary>
    public string Issuer { get; private set; } = "";

    /// <summary>The user the next <c>/authorize</c> signs in.</summary>
    public TestOidcUser NextUser { get; set; } = new("sub-1", "sso-user", [], []);

    /// <summary>When set, <c>/authorize</c> answers the client with this OAuth error instead of a code.</summary>
    public string? RefuseWith { get; set; }

    /// <summary>Codes exchanged for tokens after every check passed.</summary>
    public int TokensIssued { get; private set; }

    /// <summary>Every code, access token and id_token handed out, for tests that check logs never hold them.</summary>
    public IReadOnlyList<string> IssuedSecrets => [.. _issued];

    /// <summary>Why <c>/token</c> refused, per refusal.</summary>
    public IReadOnlyList<string> TokenRefusals => [.. _tokenRefusals];

    /// <summary>The query of every <c>/authorize</c> request, in order.</summary>
    public ConcurrentQueue<IQueryCollection> AuthorizeRequests { get; } = new();

    public static async Task<TestOpenIdProvider> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var provider = new TestOpenIdProvider(app);
        app.MapGet("/.well-known/openid-configuration", () => Results.Text(provider.Discovery(), "application/json"));
        app.MapGet("/authorize", (HttpContext context) => provider.Authorize(context));
        app.MapPost("/token", (Delegate)((HttpContext context) => provider.TokenAsync(context)));
        app.MapGet("/jwks", () => provider.Jwks());
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        provider.Issuer = address.TrimEnd('/');
        return provider;
    }

    private string Discovery() => $$"""
        {
          "issuer": "{{Issuer}}",
          "authorization_endpoint": "{{Issuer}}/authorize",
          "token_endpoint": "{{Issuer}}/token",
          "jwks_uri": "{{Issuer}}/jwks",
          "response_types_supported": ["code"],
          "response_modes_supported": ["query"],
          "subject_types_supported": ["public"],
          "id_token_signing_alg_values_supported": ["RS256"],
          "code_challenge_methods_supported": ["S256"],
          "token_endpoint_auth_methods_supported": ["client_secret_post", "client_secret_basic"],
          "scopes_supported": ["openid", "profile", "email"]
        }
        """;

    private IResult Authorize(HttpContext context)
    {
        var query = context.Request.Query;
        AuthorizeRequests.Enqueue(query);
        var redirectUri = query["redirect_uri"].ToString();
        var state = query["state"].ToString();
        if (query["client_id"] != ClientId || query["response_type"] != "code" || redirectUri.Length == 0)
        {
            return Results.BadRequest("unknown client, response type or redirect_uri");
        }

        if (RefuseWith is { } error)
        {
            return Results.Redirect($"{redirectUri}?error={Uri.EscapeDataString(error)}&error_description=the+user+said+no&state={Uri.EscapeDataString(state)}");
        }

        var code = Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(32));
        _issued.Enqueue(code);
        _codes[code] = new PendingCode(NextUser, redirectUri, query["nonce"].ToString(), query["code_challenge"].ToString(), query["code_challenge_method"].ToString());
        return Results.Redirect($"{redirectUri}?code={Uri.EscapeDataString(code)}&state={Uri.EscapeDataString(state)}");
    }

    private async Task<IResult> TokenAsync(HttpContext context)
    {
        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        var (clientId, clientSecret) = ClientCredentials(context.Request, form);
        string? refusal = null;
        if (form["grant_type"] != "authorization_code")
        {
            refusal = "grant_type";
        }
        else if (clientId != ClientId || clientSecret != ClientSecret)
        {
            refusal = "client credentials";
        }
        else if (!_codes.TryRemove(form["code"].ToString(), out var pending))
        {
            refusal = "unknown or used code";
        }
        else if (pending.RedirectUri != form["redirect_uri"])
        {
            refusal = "redirect_uri";
        }
        else if (pending.ChallengeMethod != "S256" || pending.Challenge != S256(form["code_verifier"].ToString()))
        {
            refusal = "PKCE verifier";
        }
        else
        {
            TokensIssued++;
            var accessToken = Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(32));
            var idToken = IdToken(pending);
            _issued.Enqueue(accessToken);
            _issued.Enqueue(idToken);
            return Results.Json(new Dictionary<string, object>
            {
                ["access_token"] = accessToken,
                ["token_type"] = "Bearer",
                ["expires_in"] = 300,
                ["id_token"] = idToken,
            });
        }

        _tokenRefusals.Enqueue(refusal);
        return Results.Json(new Dictionary<string, string> { ["error"] = "invalid_grant", ["error_description"] = refusal }, statusCode: StatusCodes.Status400BadRequest);
    }

    private string IdToken(PendingCode pending)
    {
        var now = DateTime.UtcNow;
        var claims = new Dictionary<string, object>
        {
            ["sub"] = pending.User.Subject,
            ["nonce"] = pending.Nonce,
            ["preferred_username"] = pending.User.PreferredUserName,
            ["roles"] = pending.User.Roles.ToArray(),
            ["groups"] = pending.User.Groups.ToArray(),
        };
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = ClientId,
            IssuedAt = now,
            NotBefore = now,
            Expires = now.AddMinutes(5),
            Claims = claims,
            SigningCredentials = new SigningCredentials(new RsaSecurityKey(_rsa) { KeyId = KeyId }, SecurityAlgorithms.RsaSha256),
        });
    }

    private IResult Jwks()
    {
        var parameters = _rsa.ExportParameters(includePrivateParameters: false);
        return Results.Json(new Dictionary<string, object>
        {
            ["keys"] = new[]
            {
                new Dictionary<string, string>
                {
                    ["kty"] = "RSA",
                    ["use"] = "sig",
                    ["alg"] = "RS256",
                    ["kid"] = KeyId,
                    ["n"] = Base64UrlEncoder.Encode(parameters.Modulus),
                    ["e"] = Base64UrlEncoder.Encode(parameters.Exponent),
                },
            },
        });
    }

    private static (string? Id, string? Secret) ClientCredentials(HttpRequest request, IFormCollection form)
    {
        var header = request.Headers.Authorization.ToString();
        if (header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
        {
            var pair = Encoding.UTF8.GetString(Convert.FromBase64String(header["Basic ".Length..])).Split(':', 2);
            return (Uri.UnescapeDataString(pair[0]), pair.Length > 1 ? Uri.UnescapeDataString(pair[1]) : null);
        }

        return (form["client_id"], form["client_secret"]);
    }

    private static string S256(string verifier) => Base64UrlEncoder.Encode(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)));

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        _rsa.Dispose();
    }

    private sealed record PendingCode(TestOidcUser User, string RedirectUri, string Nonce, string Challenge, string ChallengeMethod);
}
