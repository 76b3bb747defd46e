using System.Net.Http.Headers;
using AbStudio.Domain.Governance;
using AbStudio.Identity;
using AbStudio.Web.Features.Accounts;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace AbStudio.Tests.TestSupport;

/// <summary>
/// Real users for tests: created, given a role and a team, and handed a token through the same use
/// case as the <c>token create</c> verb. Tests act as these users; none switches authorization off.
/// </summary>
public static class TestUsers
{
    /// <summary>The team every first start has (the admin's, the demo dataset's).</summary>
    public const string DefaultTeam = "default";

    public const string AdminName = "test-admin";

    /// <summary>A new token for <paramref name="userName"/>, creating the user with the role in the team when needed.</summary>
    public static async Task<string> TokenAsync(IServiceProvider services, string userName, string role, string? team = DefaultTeam, TokenScope scope = TokenScope.Full)
    {
        ArgumentNullException.ThrowIfNull(services);
        await using var serviceScope = services.CreateAsyncScope();
        var (token, _, _) = await serviceScope.ServiceProvider.GetRequiredService<AccountSetup>()
            .CreateTokenAsync(new TokenCreateRequest(userName, role, team, TimeSpan.FromDays(1), scope, "test"), TestContext.Current.CancellationToken);
        return token.Token;
    }

    /// <summary>A client of the in-process host that sends <paramref name="token"/> on every request.</summary>
    public static HttpClient CreateClientWith(this WebApplicationFactory<Program> factory, string token)
    {
        ArgumentNullException.ThrowIfNull(factory);
        var client = factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>A client signed in as an admin (every team), for tests about something other than who may act.</summary>
    public static HttpClient CreateAdminClient(this WebApplicationFactory<Program> factory)
    {
        ArgumentNullException.ThrowIfNull(factory);

        // Starting the host happens on first use of Services; xUnit v3 has no synchronization context to deadlock on.
        var token = TokenAsync(factory.Services, AdminName, Roles.Admin).GetAwaiter().GetResult();
        return factory.CreateClientWith(token);
    }
}
