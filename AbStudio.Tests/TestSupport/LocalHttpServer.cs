using System.Diagnostics;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AbStudio.Tests.TestSupport;

/// <summary>
/// A real HTTP server on 127.0.0.1 (a free port) that speaks a remote provider's protocol, so
/// provider clients are tested over the wire with nothing faked but the remote service itself.
/// </summary>
internal sealed class LocalHttpServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly List<ReceivedRequest> _received = [];

    private LocalHttpServer(WebApplication app, Uri address)
    {
        _app = app;
        Address = address;
    }

    public Uri Address { get; }

    /// <summary>Every request body received, in order.</summary>
    public IReadOnlyList<string> Requests => [.. Received.Select(r => r.Body)];

    /// <summary>Every request received, in order, with when it arrived and its Authorization header.</summary>
    public IReadOnlyList<ReceivedRequest> Received
    {
        get
        {
            lock (_received)
            {
                return [.. _received];
            }
        }
    }

    public static async Task<LocalHttpServer> StartAsync(string path, Func<HttpContext, string, Task> handle)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        LocalHttpServer? server = null;
        var clock = Stopwatch.StartNew();
        app.MapPost(path, async context =>
        {
            using var reader = new StreamReader(context.Request.Body);
            var body = await reader.ReadToEndAsync();
            lock (server!._received)
            {
                server._received.Add(new ReceivedRequest(body, clock.Elapsed, context.Request.Headers.Authorization.ToString()));
            }

            await handle(context, body);
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        server = new LocalHttpServer(app, new Uri(new Uri(address), path));
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

/// <param name="At">When it arrived, on a monotonic clock started with the server.</param>
internal sealed record ReceivedRequest(string Body, TimeSpan At, string Authorization);
