using System.Net;
using AbStudio.Tests.TestSupport;
using AbStudio.Web.Features.Accounts;
using Microsoft.AspNetCore.Mvc.Testing;

namespace AbStudio.Tests.Web.Features.Accounts;

/// <summary>Single sign-on is off without <c>Auth:Oidc:Authority</c>, and its settings are checked at start without quoting the secret.</summary>
public sealed class OidcSettingsTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("abstudio-oidc-").FullName;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task NotConfigured_NoButtonAndTheEndpointsAre404()
    {
        await using var factory = new AbStudioWebFactory(new Dictionary<string, string> { ["Datasets:SeedDemo"] = "false" });
        using var browser = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        using var admin = factory.CreateAdminClient();

        var page = await browser.GetStringAsync(new Uri("/account/sign-in", UriKind.Relative), Cancel);
        using var start = await admin.PostAsync(new Uri(OidcSignIn.StartPath, UriKind.Relative), new FormUrlEncodedContent(new Dictionary<string, string>()), Cancel);
        using var callback = await admin.GetAsync(new Uri(OidcSignIn.CallbackPath, UriKind.Relative), Cancel);
        using var redirect = await admin.GetAsync(new Uri($"{OidcSignIn.RedirectPath}?code=x&state=y", UriKind.Relative), Cancel);

        Assert.DoesNotContain("sso-form", page, StringComparison.Ordinal);
        Assert.DoesNotContain("Sign in with", page, StringComparison.Ordinal);
        // No SSO endpoint answers a post: nothing is mapped there (404) or only for other methods (405).
        Assert.True(start.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.MethodNotAllowed, $"{(int)start.StatusCode}");
        Assert.Equal(HttpStatusCode.NotFound, callback.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, redirect.StatusCode);
    }

    [Theory]
    [InlineData("https://idp.example", "", "secret-value-1", "Auth:Oidc:ClientId is empty")]
    [InlineData("https://idp.example", "abstudio", "", "Auth:Oidc:ClientSecret is empty")]
    [InlineData("http://idp.example", "abstudio", "secret-value-1", "Auth:Oidc:Authority is 'http://idp.example'; set the provider's https:// issuer URL")]
    [InlineData("not a url", "abstudio", "secret-value-1", "Auth:Oidc:Authority is 'not a url'")]
    public void Validate_BadSettings_NamesTheKeyAndNeverTheSecret(string authority, string clientId, string secret, string message)
    {
        var result = new OidcSettingsValidator().Validate(null, new OidcSettings { Authority = authority, ClientId = clientId, ClientSecret = secret });

        Assert.True(result.Failed);
        Assert.Contains(message, result.FailureMessage, StringComparison.Ordinal);
        Assert.DoesNotContain("secret-value", result.FailureMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("https://idp.example/realms/abstudio")]
    [InlineData("http://127.0.0.1:8080")]
    [InlineData("http://localhost:8080/realms/dev")]
    [InlineData("http://[::1]:8080")]
    public void Validate_HttpsOrLoopbackHttp_Passes(string authority)
    {
        var result = new OidcSettingsValidator().Validate(null, new OidcSettings { Authority = authority, ClientId = "abstudio", ClientSecret = "s" });

        Assert.True(result.Succeeded, result.FailureMessage);
    }

    [Fact]
    public void Validate_NoAuthority_IsOff()
    {
        Assert.True(new OidcSettingsValidator().Validate(null, new OidcSettings()).Succeeded);
        Assert.False(new OidcSettings().Enabled);
    }

    [Fact]
    public void Scopes_OpenIdFirstAndOnce()
    {
        Assert.Equal(["openid", "profile", "groups"], new OidcSettings { Scopes = "profile, openid groups" }.ScopeList);
    }

    [Fact]
    public async Task Start_AuthorityWithoutClientId_ExitsWithOneLineNamingTheKeyAndNotTheSecret()
    {
        var result = await HostProcess.RunAsync(_directory, "migrate", "--Auth:Oidc:Authority=https://idp.example", "--Auth:Oidc:ClientSecret=process-secret-value",
            $"--Storage:DataDirectory={Path.Combine(_directory, "data")}", "--Datasets:SeedDemo=false");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("AbStudio cannot start: Auth:Oidc:ClientId is empty", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("process-secret-value", result.Output + result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Output + result.Error, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
