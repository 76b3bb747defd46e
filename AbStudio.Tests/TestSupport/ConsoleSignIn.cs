using System.Net;
using System.Text.RegularExpressions;
using AbStudio.Identity;
using AbStudio.Web.Features.Accounts;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace AbStudio.Tests.TestSupport;

/// <summary>A browser-like client (cookies, no automatic redirects) signed in through the real sign-in form.</summary>
public static partial class ConsoleSignIn
{
    /// <summary>A user with a password, made through Identity's own services.</summary>
    public static async Task CreateUserAsync(IServiceProvider services, string userName, string password, string role, string team = TestUsers.DefaultTeam)
    {
        ArgumentNullException.ThrowIfNull(services);
        await using var scope = services.CreateAsyncScope();
        var setup = scope.ServiceProvider.GetRequiredService<AccountSetup>();
        await setup.EnsureRolesAsync();
        var (user, _) = await setup.FindOrCreateUserAsync(userName);
        await setup.EnsureRoleAsync(user, role);
        await setup.EnsureTeamMemberAsync(team, user.Id, TestContext.Current.CancellationToken);
        AccountSetup.Check(await scope.ServiceProvider.GetRequiredService<UserManager<AbStudioUser>>().AddPasswordAsync(user, password), "set a test password");
    }

    /// <summary>GETs the form, then posts it with its antiforgery token, as a browser does; returns the response to the post.</summary>
    public static async Task<HttpResponseMessage> PostSignInAsync(HttpClient client, string userName, string password)
    {
        ArgumentNullException.ThrowIfNull(client);
        var form = await client.GetStringAsync(new Uri("/account/sign-in", UriKind.Relative), TestContext.Current.CancellationToken);
        using var content = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "sign-in",
            ["__RequestVerificationToken"] = AntiforgeryToken(form),
            ["Input.UserName"] = userName,
            ["Input.Password"] = password,
        });
        return await client.PostAsync(new Uri("/account/sign-in", UriKind.Relative), content, TestContext.Current.CancellationToken);
    }

    public static async Task<HttpClient> SignedInClientAsync(WebApplicationFactory<Program> factory, string userName, string password)
    {
        ArgumentNullException.ThrowIfNull(factory);
        var client = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        using var response = await PostSignInAsync(client, userName, password);
        Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"sign-in answered {(int)response.StatusCode}");
        return client;
    }

    public static string AntiforgeryToken(string html) => AntiforgeryInput().Match(html) is { Success: true } match
        ? WebUtility.HtmlDecode(match.Groups[1].Value)
        : throw new InvalidOperationException("The page has no antiforgery token.");

    [GeneratedRegex("name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryInput();
}
