using System.Net;
using AbStudio.Domain.Persistence;
using AbStudio.Identity;
using AbStudio.Tests.TestSupport;
using AbStudio.Web.Features.Accounts;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Serilog.Core;

namespace AbStudio.Tests.Web.Features.Accounts;

/// <summary>
/// Single sign-on end to end: the real host in-process, a real OpenID provider on 127.0.0.1
/// (<see cref="TestOpenIdProvider"/>: discovery, authorize, token with PKCE, JWKS), and a
/// browser-like client that follows every redirect by hand.
/// </summary>
[Collection(LogCapture.Name)]
public sealed class OidcSignInTests : IAsyncLifetime
{
    private const string DisplayName = "Test IdP";
    private TestOpenIdProvider _provider = null!;
    private AbStudioWebFactory _factory = null!;
    private readonly HttpClient _browser = new(new HttpClientHandler { AllowAutoRedirect = false });

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _provider = await TestOpenIdProvider.StartAsync();
        _factory = new AbStudioWebFactory(new Dictionary<string, string>
        {
            ["Datasets:SeedDemo"] = "false",
            ["Auth:Oidc:Authority"] = _provider.Issuer,
            ["Auth:Oidc:ClientId"] = TestOpenIdProvider.ClientId,
            ["Auth:Oidc:ClientSecret"] = TestOpenIdProvider.ClientSecret,
            ["Auth:Oidc:DisplayName"] = DisplayName,
        });
    }

    public async ValueTask DisposeAsync()
    {
        _browser.Dispose();
        await _factory.DisposeAsync();
        await _provider.DisposeAsync();
    }

    [Fact]
    public async Task SignIn_EngineerInSearch_CookieOpensTheApiAndTheUserHasTheRoleAndTeam()
    {
        _provider.NextUser = new TestOidcUser("sub-engineer", "erin", [Roles.Engineer], ["search"]);
        using var app = NewAppClient();

        using var landed = await SignInThroughProviderAsync(app, "/tests");

        Assert.Equal(HttpStatusCode.Redirect, landed.StatusCode);
        Assert.Equal("/tests", landed.Headers.Location!.OriginalString);
        using var api = await app.GetAsync(new Uri("/api/v1/tests", UriKind.Relative), Cancel);
        Assert.Equal(HttpStatusCode.OK, api.StatusCode);
        Assert.Equal(1, _provider.TokensIssued);
        Assert.Empty(_provider.TokenRefusals);
        var authorize = Assert.Single(_provider.AuthorizeRequests);
        Assert.Equal("S256", authorize["code_challenge_method"].ToString());
        Assert.False(string.IsNullOrEmpty(authorize["nonce"]));

        var (user, roles, teams) = await LinkedUserAsync("sub-engineer");
        Assert.Equal("erin", user.UserName);
        Assert.Equal([Roles.Engineer], roles);
        Assert.Equal(["search"], teams);
    }

    [Fact]
    public async Task SignInAgain_OtherClaims_ReplaceRolesAndTeamsOfTheSameUserAndRenewTheStamp()
    {
        _provider.NextUser = new TestOidcUser("sub-2", "sam", [Roles.Engineer, "not-a-role"], ["search", "ranking"]);
        using (var first = NewAppClient())
        {
            using var landed = await SignInThroughProviderAsync(first, "/");
            Assert.Equal(HttpStatusCode.Redirect, landed.StatusCode);
        }

        var (before, _, beforeTeams) = await LinkedUserAsync("sub-2");
        Assert.Equal(["ranking", "search"], beforeTeams);

        _provider.NextUser = new TestOidcUser("sub-2", "sam-renamed", ["owner"], ["ranking"]);
        using var second = NewAppClient();
        using var again = await SignInThroughProviderAsync(second, "/");

        Assert.Equal(HttpStatusCode.Redirect, again.StatusCode);
        var (after, roles, teams) = await LinkedUserAsync("sub-2");
        Assert.Equal(before.Id, after.Id);
        Assert.Equal("sam", after.UserName);
        Assert.Equal([Roles.Viewer], roles);
        Assert.Equal(["ranking"], teams);
        Assert.NotEqual(before.SecurityStamp, after.SecurityStamp);

        // A Viewer reads but cannot change anything through the console's cookie.
        using var api = await second.GetAsync(new Uri("/api/v1/tests", UriKind.Relative), Cancel);
        Assert.Equal(HttpStatusCode.OK, api.StatusCode);
    }

    [Fact]
    public async Task SignIn_ProviderNameOfALocalAdmin_GetsANewUserNotTheAdmin()
    {
        await ConsoleSignIn.CreateUserAsync(_factory.Services, "eve", $"pw-{Guid.NewGuid():N}", Roles.Admin);
        _provider.NextUser = new TestOidcUser("sub-eve", "eve", [], []);
        using var app = NewAppClient();

        using var landed = await SignInThroughProviderAsync(app, "/");

        Assert.Equal(HttpStatusCode.Redirect, landed.StatusCode);
        var (user, roles, teams) = await LinkedUserAsync("sub-eve");
        Assert.Equal("eve-2", user.UserName);
        Assert.Equal([Roles.Viewer], roles);
        Assert.Empty(teams);
        await using var scope = _factory.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AbStudioUser>>();
        var local = await users.FindByNameAsync("eve");
        Assert.Empty(await users.GetLoginsAsync(local!));
        Assert.Equal([Roles.Admin], await users.GetRolesAsync(local!));
    }

    [Fact]
    public async Task ProviderRefuses_BackAtSignInWithAMessageAndNoUser()
    {
        _provider.RefuseWith = "access_denied";
        _provider.NextUser = new TestOidcUser("sub-refused", "rita", [Roles.Admin], []);
        using var app = NewAppClient();

        using var landed = await SignInThroughProviderAsync(app, "/");

        Assert.Equal(HttpStatusCode.Redirect, landed.StatusCode);
        Assert.Equal($"/account/sign-in?problem={OidcSignIn.Problems.Refused}", landed.Headers.Location!.OriginalString);
        var page = await app.GetStringAsync(landed.Headers.Location, Cancel);
        Assert.Contains($"Sign-in with {DisplayName} was cancelled or refused by the provider.", page, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", page, StringComparison.Ordinal);
        Assert.Equal(0, _provider.TokensIssued);
        using var api = await app.GetAsync(new Uri("/api/v1/tests", UriKind.Relative), Cancel);
        Assert.Equal(HttpStatusCode.Unauthorized, api.StatusCode);
        await using var scope = _factory.Services.CreateAsyncScope();
        Assert.Null(await scope.ServiceProvider.GetRequiredService<UserManager<AbStudioUser>>().FindByLoginAsync(OidcSettings.Scheme, "sub-refused"));
    }

    [Fact]
    public async Task SignIn_LockedOutUser_BackAtSignInWithoutACookie()
    {
        _provider.NextUser = new TestOidcUser("sub-locked", "lou", [Roles.Engineer], []);
        using (var first = NewAppClient())
        {
            using var landed = await SignInThroughProviderAsync(first, "/");
            Assert.Equal("/", landed.Headers.Location!.OriginalString);
        }

        await using (var scope = _factory.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<AbStudioUser>>();
            var user = await users.FindByLoginAsync(OidcSettings.Scheme, "sub-locked");
            AccountSetup.Check(await users.SetLockoutEndDateAsync(user!, DateTimeOffset.UtcNow.AddHours(1)), "lock the test user");
        }

        using var app = NewAppClient();
        using var refused = await SignInThroughProviderAsync(app, "/");

        Assert.Equal($"/account/sign-in?problem={OidcSignIn.Problems.NotAllowed}", refused.Headers.Location!.OriginalString);
        using var api = await app.GetAsync(new Uri("/api/v1/tests", UriKind.Relative), Cancel);
        Assert.Equal(HttpStatusCode.Unauthorized, api.StatusCode);
    }

    [Fact]
    public async Task Callback_OpenedWithoutAProviderLogin_BackAtSignInNotAnError()
    {
        using var app = NewAppClient();

        using var response = await app.GetAsync(new Uri($"{OidcSignIn.CallbackPath}?returnUrl=%2F", UriKind.Relative), Cancel);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal($"/account/sign-in?problem={OidcSignIn.Problems.Failed}", response.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task Start_ForeignReturnUrlOrNoAntiforgeryToken_StaysOnThisHost()
    {
        using var app = NewAppClient();
        var form = await app.GetStringAsync(new Uri("/account/sign-in", UriKind.Relative), Cancel);

        using var withoutToken = await app.PostAsync(new Uri(OidcSignIn.StartPath, UriKind.Relative), new FormUrlEncodedContent(new Dictionary<string, string> { ["returnUrl"] = "/" }), Cancel);
        Assert.Equal(HttpStatusCode.Redirect, withoutToken.StatusCode);
        Assert.StartsWith("/account/sign-in?problem=", withoutToken.Headers.Location!.OriginalString, StringComparison.Ordinal);

        using var foreign = await app.PostAsync(new Uri(OidcSignIn.StartPath, UriKind.Relative), new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = ConsoleSignIn.AntiforgeryToken(form),
            ["returnUrl"] = "https://evil.example/",
        }), Cancel);
        Assert.Equal(HttpStatusCode.Redirect, foreign.StatusCode);
        _provider.NextUser = new TestOidcUser("sub-return", "rob", [], []);
        using var approved = await _browser.GetAsync(foreign.Headers.Location, Cancel);
        using var handled = await app.GetAsync(approved.Headers.Location, Cancel);
        using var landed = await app.GetAsync(handled.Headers.Location, Cancel);
        Assert.Equal("/", landed.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task SignIn_LogsTheUserNameButNeitherTheClientSecretNorCodesNorTokens()
    {
        var log = new CapturingLogSink();
        using var host = _factory.WithWebHostBuilder(builder => builder.ConfigureTestServices(services => services.AddSingleton<ILogEventSink>(log)));
        _provider.NextUser = new TestOidcUser("sub-logged", "logan", [Roles.Engineer], ["search"]);
        using var app = host.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

        using var landed = await SignInThroughProviderAsync(app, "/");

        Assert.Equal("/", landed.Headers.Location!.OriginalString);
        var text = log.AllText();
        Assert.Contains("User logan signed in (oidc)", text.Replace("\"", "", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.NotEmpty(_provider.IssuedSecrets);
        foreach (var secret in _provider.IssuedSecrets.Append(TestOpenIdProvider.ClientSecret))
        {
            Assert.DoesNotContain(secret, text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task SignInPage_ShowsTheButtonAndItsCspAllowsTheProviderAsFormTarget()
    {
        using var app = NewAppClient();

        using var response = await app.GetAsync(new Uri("/account/sign-in", UriKind.Relative), Cancel);

        var page = await response.Content.ReadAsStringAsync(Cancel);
        Assert.Contains($"Sign in with {DisplayName}", page, StringComparison.Ordinal);
        Assert.Contains($"form-action 'self' {_provider.Issuer};", string.Join(" ", response.Headers.GetValues("Content-Security-Policy")), StringComparison.Ordinal);
    }

    private HttpClient NewAppClient() =>
        _factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    /// <summary>
    /// The button's post, the provider's authorize (over a real socket), the handler's redirect path
    /// and the callback; returns the callback's answer (a redirect to where the user was going, or to sign-in).
    /// </summary>
    private async Task<HttpResponseMessage> SignInThroughProviderAsync(HttpClient app, string returnUrl)
    {
        var form = await app.GetStringAsync(new Uri($"/account/sign-in?returnUrl={Uri.EscapeDataString(returnUrl)}", UriKind.Relative), Cancel);
        Assert.Contains($"Sign in with {DisplayName}", form, StringComparison.Ordinal);
        using var content = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = ConsoleSignIn.AntiforgeryToken(form),
            ["returnUrl"] = returnUrl,
        });
        using var start = await app.PostAsync(new Uri(OidcSignIn.StartPath, UriKind.Relative), content, Cancel);
        Assert.Equal(HttpStatusCode.Redirect, start.StatusCode);
        var authorize = start.Headers.Location!;
        Assert.StartsWith($"{_provider.Issuer}/authorize?", authorize.AbsoluteUri, StringComparison.Ordinal);

        using var approved = await _browser.GetAsync(authorize, Cancel);
        Assert.Equal(HttpStatusCode.Redirect, approved.StatusCode);
        var back = approved.Headers.Location!;
        Assert.Equal(OidcSignIn.RedirectPath, back.AbsolutePath);

        var handled = await app.GetAsync(back, Cancel);
        Assert.Equal(HttpStatusCode.Redirect, handled.StatusCode);
        var next = handled.Headers.Location!;
        if (next.OriginalString.StartsWith(SignInCookie.SignInPath, StringComparison.Ordinal))
        {
            // The handler itself sent the browser back to sign-in (the provider refused).
            return handled;
        }

        handled.Dispose();
        Assert.StartsWith(OidcSignIn.CallbackPath, next.OriginalString, StringComparison.Ordinal);
        return await app.GetAsync(next, Cancel);
    }

    private async Task<(AbStudioUser User, IList<string> Roles, List<string> Teams)> LinkedUserAsync(string subject)
    {
        await using var scope = _factory.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AbStudioUser>>();
        var user = await users.FindByLoginAsync(OidcSettings.Scheme, subject);
        Assert.NotNull(user);
        await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<AbStudioDbContext>>().CreateDbContextAsync(Cancel);
        var teams = await db.TeamMembers.Where(m => m.UserId == user.Id)
            .Join(db.Teams, m => m.TeamId, t => t.Id, (_, t) => t.Name)
            .OrderBy(name => name)
            .ToListAsync(Cancel);
        return (user, await users.GetRolesAsync(user), teams);
    }
}
