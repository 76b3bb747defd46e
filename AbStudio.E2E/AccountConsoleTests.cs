using System.Net;
using System.Net.Http.Headers;
using AbStudio.E2E.Pages;
using AbStudio.E2E.Support;
using AbStudio.Web.Features.Accounts;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace AbStudio.E2E;

/// <summary>
/// A newcomer's first minutes, through the real pages: sign in as admin with the first start's
/// password, change it, create a token, call the API with it, revoke it.
/// </summary>
public sealed class AccountConsoleTests(AppHostFixture host)
{
    [Fact]
    public async Task FirstStartAdmin_SignsInChangesPasswordCreatesUsesAndRevokesAToken()
    {
        var passwordFile = Path.Combine(host.DataDirectory, InitialAdminAccount.PasswordFileName);
        var initial = (await File.ReadAllTextAsync(passwordFile, TestContext.Current.CancellationToken)).Trim();
        await using var context = await host.NewContextAsync(signedIn: false);
        var shell = new ShellPage(await context.NewPageAsync());

        // Anonymous: any page sends you to sign in, and a wrong password says so without saying which part.
        await shell.Page.GotoAsync("/tests");
        await Expect(shell.Page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/account/sign-in\\?ReturnUrl=%2Ftests"));
        await SignInAsync(shell.Page, InitialAdminAccount.UserName, "not-the-password");
        await Expect(shell.Page.GetByTestId("sign-in-problem")).ToContainTextAsync("do not match");
        await shell.ScreenScreenshotAsync("sign-in");

        await SignInAsync(shell.Page, InitialAdminAccount.UserName, initial);
        await Expect(shell.Page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/tests$"));
        await shell.WaitForInteractiveAsync();
        await shell.Page.GetByRole(AriaRole.Button, new() { Name = "Account" }).ClickAsync();
        await Expect(shell.Page.GetByTestId("signed-in-as")).ToContainTextAsync("admin");
        await shell.ScreenScreenshotAsync("account-menu");

        // Change the password: the printed one stops working and its file is gone.
        await shell.Page.GotoAsync("/account/password");
        var changed = $"changed-{Guid.NewGuid():N}";
        await shell.Page.GetByLabel("Current password").FillAsync(initial);
        await shell.Page.GetByLabel("New password (at least").FillAsync(changed);
        await shell.Page.GetByLabel("New password again").FillAsync(changed);
        await shell.Page.GetByRole(AriaRole.Button, new() { Name = "Change password" }).ClickAsync();
        await Expect(shell.Page.GetByTestId("password-changed")).ToBeVisibleAsync();
        await shell.ScreenScreenshotAsync("password-changed");
        Assert.False(File.Exists(passwordFile));

        // A token, shown once, that the API accepts until it is revoked.
        await shell.Page.GotoAsync("/account/tokens");
        await shell.WaitForInteractiveAsync();
        await shell.Page.Locator("input[data-testid='token-name']").FillAsync("e2e script");
        await shell.Page.GetByRole(AriaRole.Button, new() { Name = "Create token" }).ClickAsync();
        var token = (await shell.Page.GetByTestId("token-secret").TextContentAsync())!.Trim();
        Assert.StartsWith("abs_", token, StringComparison.Ordinal);
        await shell.ScreenScreenshotAsync("tokens");

        using var api = new HttpClient { BaseAddress = host.BaseAddress };
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using (var allowed = await api.GetAsync(new Uri("/api/v1/datasets", UriKind.Relative), TestContext.Current.CancellationToken))
        {
            Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        }

        await shell.Page.GetByTestId("tokens").GetByRole(AriaRole.Button, new() { Name = "Revoke" }).ClickAsync();
        await Expect(shell.Page.GetByText("revoked", new() { Exact = false }).First).ToBeVisibleAsync();
        using var refused = await api.GetAsync(new Uri("/api/v1/datasets", UriKind.Relative), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);

        // Sign out: the console asks to sign in again.
        await shell.Page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await Expect(shell.Page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/account/sign-in"));
        await shell.Page.GotoAsync("/");
        await Expect(shell.Page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/account/sign-in"));
    }

    private static async Task SignInAsync(IPage page, string userName, string password)
    {
        await page.GetByLabel("User name").FillAsync(userName);
        await page.GetByLabel("Password").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
    }
}
