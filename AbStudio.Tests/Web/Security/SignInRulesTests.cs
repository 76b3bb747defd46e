using System.Net;
using AbStudio.Domain.Governance;
using AbStudio.Identity;
using AbStudio.Web.Features.Accounts;
using Microsoft.AspNetCore.Mvc.Testing;

namespace AbStudio.Tests.Web.Security;

/// <summary>The rules around signing in that the matrix does not show: lockout, read-only tokens, and Auth:Mode=none.</summary>
public sealed class SignInRulesTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task FiveWrongPasswords_LockTheAccount_EvenTheRightOneIsRefusedThen()
    {
        await using var factory = new AbStudioWebFactory();
        var password = $"pw-{Guid.NewGuid():N}";
        await ConsoleSignIn.CreateUserAsync(factory.Services, "lock-me", password, Roles.Engineer);
        using var browser = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        for (var attempt = 0; attempt < AccountsSlice.LockoutAttempts; attempt++)
        {
            using var wrong = await ConsoleSignIn.PostSignInAsync(browser, "lock-me", $"wrong-{attempt}-password");
            Assert.Equal(HttpStatusCode.OK, wrong.StatusCode);
        }

        using var right = await ConsoleSignIn.PostSignInAsync(browser, "lock-me", password);
        var page = await right.Content.ReadAsStringAsync(Token);

        Assert.Equal(HttpStatusCode.OK, right.StatusCode);
        Assert.Contains("this account is locked for 15 minutes", page, StringComparison.Ordinal);
        Assert.False(right.Headers.TryGetValues("Set-Cookie", out var cookies) && cookies.Any(c => c.StartsWith(SignInCookie.Name + "=", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task ReadOnlyToken_OfAnEngineer_ReadsButChangesNothing()
    {
        await using var factory = new AbStudioWebFactory();
        using var client = factory.CreateClientWith(await TestUsers.TokenAsync(factory.Services, "reader", Roles.Engineer, scope: TokenScope.Read));

        using var read = await client.GetAsync(new Uri("/api/v1/datasets", UriKind.Relative), Token);
        using var write = await client.PostAsync(new Uri("/api/v1/datasets", UriKind.Relative), TinyBeir.ZipForm(), Token);

        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, write.StatusCode);
    }

    [Fact]
    public async Task ModeNone_EveryRequestIsTheLaptopsAdmin()
    {
        await using var factory = new AbStudioWebFactory(new Dictionary<string, string> { ["Auth:Mode"] = "none" });
        using var anyone = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        using var page = await anyone.GetAsync(new Uri("/", UriKind.Relative), Token);
        using var upload = await anyone.PostAsync(new Uri("/api/v1/datasets", UriKind.Relative), TinyBeir.ZipForm(), Token);

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal(HttpStatusCode.Created, upload.StatusCode);
    }
}
