using System.Net;
using System.Security.Claims;
using AbStudio.Domain.Governance;
using AbStudio.Identity;
using AbStudio.Tests.TestSupport;
using AbStudio.Web.Features.Accounts;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace AbStudio.Tests.Web.Features.Accounts;

/// <summary>The bearer scheme in the real host: it names the caller when asked, and refuses nothing yet.</summary>
public sealed class ApiTokenAuthenticationTests : IAsyncLifetime
{
    private readonly AbStudioWebFactory _factory = new();

    public ValueTask InitializeAsync()
    {
        _ = _factory.Server;
        return ValueTask.CompletedTask;
    }

    [Fact]
    public async Task Authenticate_ValidReadToken_GivesTheUserRolesTeamAndScope()
    {
        var (token, userId, teamId) = await CreateTokenAsync(TokenScope.Read);

        var result = await AuthenticateAsync($"Bearer {token}");

        Assert.True(result.Succeeded, result.Failure?.Message);
        var user = result.Principal!;
        Assert.Equal(userId.ToString(), user.FindFirstValue(ClaimTypes.NameIdentifier));
        Assert.Equal("ci-bot", user.Identity!.Name);
        Assert.True(user.IsInRole(Roles.Engineer));
        Assert.False(user.IsInRole(Roles.Admin));
        Assert.Equal(teamId.ToString(), user.FindFirstValue(Actor.TeamClaim));
        Assert.Equal("read", user.FindFirstValue(ApiTokenAuthentication.ScopeClaim));
    }

    [Fact]
    public async Task Authenticate_WrongOrMissingToken_FailsOrHasNoResultWithoutQuotingIt()
    {
        var (token, _, _) = await CreateTokenAsync(TokenScope.Full);
        var wrong = token[..^4] + (token.EndsWith("0000", StringComparison.Ordinal) ? "1111" : "0000");

        var failed = await AuthenticateAsync($"Bearer {wrong}");
        var none = await AuthenticateAsync(null);

        Assert.False(failed.Succeeded);
        Assert.DoesNotContain(wrong[^64..], failed.Failure!.Message, StringComparison.Ordinal);
        Assert.True(none.None);
    }

    [Fact]
    public async Task Request_WithABadBearerToken_Is401WithoutQuotingTheToken()
    {
        using var client = _factory.CreateClient();
        var presented = "abs_00000000_" + new string('0', 64);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/datasets");
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", presented);

        using var response = await client.SendAsync(request, TestContext.Current.CancellationToken);
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.DoesNotContain(presented[^64..], body, StringComparison.Ordinal);
    }

    public async ValueTask DisposeAsync() => await _factory.DisposeAsync();

    private async Task<(string Token, Guid UserId, Guid TeamId)> CreateTokenAsync(TokenScope scope)
    {
        await using var services = _factory.Services.CreateAsyncScope();
        var setup = services.ServiceProvider.GetRequiredService<AccountSetup>();
        var (user, _) = await setup.FindOrCreateUserAsync("ci-bot");
        await setup.EnsureRoleAsync(user, Roles.Engineer);
        var team = await setup.EnsureTeamMemberAsync("search", user.Id, TestContext.Current.CancellationToken);
        var created = await services.ServiceProvider.GetRequiredService<ApiTokens>().CreateAsync(user.Id, "ci", scope, TimeSpan.FromDays(1), TestContext.Current.CancellationToken);
        return (created.Token, user.Id, team);
    }

    private async Task<AuthenticateResult> AuthenticateAsync(string? authorization)
    {
        await using var services = _factory.Services.CreateAsyncScope();
        var context = new DefaultHttpContext { RequestServices = services.ServiceProvider };
        if (authorization is not null)
        {
            context.Request.Headers.Authorization = authorization;
        }

        return await context.AuthenticateAsync(ApiTokenAuthentication.SchemeName);
    }
}
