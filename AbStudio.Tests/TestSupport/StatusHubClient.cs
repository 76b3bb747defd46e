using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;

namespace AbStudio.Tests.TestSupport;

/// <summary>A real SignalR client of a test host's <c>/hubs/status</c>.</summary>
internal static class StatusHubClient
{
    // Long polling through the in-memory test server: no socket needed. Signed in as an admin unless
    // another user's token is given; an empty token connects anonymously (which the hub refuses).
    public static HubConnection Connect(AbStudioWebFactory factory, string? token = null)
    {
        var server = factory.Server;
        token ??= TestUsers.TokenAsync(factory.Services, TestUsers.AdminName, AbStudio.Identity.Roles.Admin).GetAwaiter().GetResult();
        return new HubConnectionBuilder()
            .WithUrl(new Uri(server.BaseAddress, "/hubs/status"), options =>
            {
                options.Transports = HttpTransportType.LongPolling;
                options.HttpMessageHandlerFactory = _ => server.CreateHandler();
                options.AccessTokenProvider = () => Task.FromResult<string?>(token.Length == 0 ? null : token);
            })
            .Build();
    }
}
