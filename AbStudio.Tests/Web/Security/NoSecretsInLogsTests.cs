using System.Net;
using AbStudio.Identity;
using AbStudio.Web.Features.Accounts;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Serilog.Core;

namespace AbStudio.Tests.Web.Security;

/// <summary>
/// Everything the host logs through a sign-in, a failed sign-in, token creation, a token's use and a
/// refused token holds no password (right or wrong), no token secret and no stored hash.
/// </summary>
[Collection(LogCapture.Name)]
public sealed class NoSecretsInLogsTests
{
    [Fact]
    public async Task SignInFailedSignInTokenCreationAndUse_LogNeitherPasswordsNorTokenSecrets()
    {
        var log = new CapturingLogSink();
        await using var factory = new AbStudioWebFactory();
        using var host = factory.WithWebHostBuilder(builder => builder.ConfigureTestServices(services => services.AddSingleton<ILogEventSink>(log)));
        var password = $"right-{Guid.NewGuid():N}";
        var wrong = $"wrong-{Guid.NewGuid():N}";
        await ConsoleSignIn.CreateUserAsync(host.Services, "logged-user", password, Roles.Engineer);

        using var browser = host.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        using var failed = await ConsoleSignIn.PostSignInAsync(browser, "logged-user", wrong);
        using var succeeded = await ConsoleSignIn.PostSignInAsync(browser, "logged-user", password);
        var token = await TestUsers.TokenAsync(host.Services, "logged-user", Roles.Engineer);
        using var withToken = host.CreateClientWith(token);
        using var used = await withToken.GetAsync(new Uri("/api/v1/datasets", UriKind.Relative), TestContext.Current.CancellationToken);
        var forged = token[..^8] + "00000000";
        using var withForged = host.CreateClientWith(forged);
        using var refused = await withForged.GetAsync(new Uri("/api/v1/datasets", UriKind.Relative), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, failed.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, succeeded.StatusCode);
        Assert.Equal(HttpStatusCode.OK, used.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.True(ApiTokenFormat.TryRead(token, out var prefix, out var secret));
        var text = log.AllText();
        Assert.Contains("Sign-in refused for user name", text, StringComparison.Ordinal);
        Assert.Contains("signed in", text, StringComparison.Ordinal);
        Assert.Contains(prefix, text, StringComparison.Ordinal);
        foreach (var forbidden in new[] { password, wrong, token, Convert.ToHexStringLower(secret), forged[^64..], Convert.ToHexString(ApiTokenFormat.Hash(secret)), Convert.ToBase64String(ApiTokenFormat.Hash(secret)) })
        {
            Assert.DoesNotContain(forbidden, text, StringComparison.OrdinalIgnoreCase);
        }
    }
}
