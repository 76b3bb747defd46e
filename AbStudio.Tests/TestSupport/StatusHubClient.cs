using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;

namespace AbStudio.Tests.TestSupport;

/// <summary>A real SignalR client of a test host's <c>/hubs/status</c>.</summary>
internal static class StatusHubClient
{
    // Long polling through the in-memory test server: no socket needed.
    public static HubConnection Connect(AbStudioWebFactory factory)
    {
        var server = factory.Server;
        return new HubConnectionBuilder()
            .WithUrl(new Uri(server.BaseAddress, "/hubs/status"), options =>
            {
                options.Transports = HttpTransportType.LongPolling;
                options.HttpMessageHandlerFactory = _ => server.CreateHandler();
            })
            .Build();
    }
}
