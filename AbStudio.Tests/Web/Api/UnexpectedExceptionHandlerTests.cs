using System.Net;
using System.Text.Json;
using AbStudio.Web.Api;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Serilog.Core;
using Serilog.Events;

namespace AbStudio.Tests.Web.Api;

/// <summary>
/// A real failure inside an endpoint (the idempotency store throws while a test is created) is a 500
/// problem with a correlation id and nothing of the exception; the log has the exception under that id.
/// Alone: the host's Serilog logger is the process-wide static one, so a host started in parallel
/// would take this host's events.
/// </summary>
[Collection(LogCapture.Name)]
public sealed class UnexpectedExceptionHandlerTests : IAsyncDisposable
{
    private const string Secret = "connection to idempotency store lost: password=hunter2";

    private readonly AbStudioWebFactory _factory = new();
    private readonly CapturingLogSink _log = new();

    public async ValueTask DisposeAsync() => await _factory.DisposeAsync();

    [Fact]
    public async Task Post_StoreThrows_500ProblemWithCorrelationIdAndNoExceptionText()
    {
        using var host = _factory.WithWebHostBuilder(builder => builder.ConfigureTestServices(services =>
        {
            services.AddSingleton<IIdempotencyKeys, BrokenIdempotencyKeys>();
            services.AddSingleton<ILogEventSink>(_log);
        }));
        using var client = host.CreateAdminClient();
        using var content = TestDefinitions.Json(TestDefinitions.TwoArms(Guid.Empty), idempotencyKey: Guid.NewGuid().ToString());

        using var response = await client.PostAsync(new Uri("/api/v1/tests", UriKind.Relative), content, TestContext.Current.CancellationToken);
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(text);
        Assert.Equal(500, problem.RootElement.GetProperty("status").GetInt32());
        var correlationId = problem.RootElement.GetProperty(UnexpectedExceptionHandler.CorrelationIdExtension).GetString();
        Assert.False(string.IsNullOrEmpty(correlationId));
        Assert.Contains(correlationId, problem.RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
        foreach (var leak in new[] { "at AbStudio", nameof(InvalidOperationException), nameof(BrokenIdempotencyKeys), "hunter2", "stack" })
        {
            Assert.DoesNotContain(leak, text, StringComparison.OrdinalIgnoreCase);
        }

        var logged = Assert.Single(_log.Events, e => e.Exception?.Message == Secret);
        Assert.Equal(LogEventLevel.Error, logged.Level);
        Assert.Equal($"\"{correlationId}\"", logged.Properties["CorrelationId"].ToString());
        Assert.Contains(nameof(BrokenIdempotencyKeys), logged.Exception!.StackTrace, StringComparison.Ordinal);
    }

    private sealed class BrokenIdempotencyKeys : IIdempotencyKeys
    {
        public Task<IdempotentResult> CreateOnceAsync(string scope, string key, string requestHash, Func<CancellationToken, Task<Guid>> create, CancellationToken cancellationToken) =>
            throw new InvalidOperationException(Secret);
    }
}
