using System.Globalization;
using System.Net.Http.Headers;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace AbStudio.Domain.Embeddings.Remote;

/// <summary>
/// Sends each request to a remote embedding server until it succeeds or the policy in
/// <see cref="RemoteEmbeddingOptions"/> gives up, then turns the failure into one exception that says
/// what happened: the last status and server message (truncated, API key removed), how many attempts,
/// which timeout. A handler rather than code around each call, because OllamaSharp sends its own requests.
/// </summary>
/// <remarks>
/// Pipeline, outermost first: overall timeout → retry (429, 408, 5xx, transport errors and attempt
/// timeouts; exponential backoff with jitter; Retry-After honoured, in seconds or as an HTTP date) →
/// attempt timeout. Any other status (400, 401, 404…) fails at once: asking again will not help.
/// </remarks>
internal sealed partial class RetryingHandler : DelegatingHandler
{
    private const int MaxMessageLength = 300;
    private static readonly ResiliencePropertyKey<Call> CallKey = new("abstudio.remote-call");

    private readonly string _server;
    private readonly RemoteEmbeddingOptions _options;
    private readonly ILogger _logger;
    private readonly ResiliencePipeline<HttpResponseMessage> _pipeline;

    private RetryingHandler(string server, RemoteEmbeddingOptions options, ILogger? logger, HttpMessageHandler inner)
        : base(inner)
    {
        _server = server;
        _options = options;
        _logger = logger ?? NullLogger.Instance;
        var builder = new ResiliencePipelineBuilder<HttpResponseMessage>().AddTimeout(options.TotalTimeout);
        if (options.MaxAttempts > 1)
        {
            builder.AddRetry(new HttpRetryStrategyOptions
            {
                MaxRetryAttempts = options.MaxAttempts - 1,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = options.RetryBaseDelay,
                MaxDelay = options.MaxRetryDelay,
                ShouldRetryAfterHeader = true,
                OnRetry = OnRetry,
            });
        }

        _pipeline = builder.AddTimeout(options.AttemptTimeout).Build();
    }

    /// <summary>
    /// A client for one server: requests go through the retry policy, the key (if any) is sent as a
    /// bearer token, and HttpClient's own timeout is off because the policy owns the timeouts.
    /// </summary>
    /// <param name="server">How errors name the server, e.g. "OpenAI-compatible server".</param>
    /// <param name="options">Key, timeouts and retry policy.</param>
    /// <param name="logger">Receives a warning per retry; null for none.</param>
    public static HttpClient CreateClient(string server, RemoteEmbeddingOptions options, ILogger? logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var transport = new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) };
#pragma warning disable CA2000 // The client owns the handler chain and disposes it with itself.
        var client = new HttpClient(new RetryingHandler(server, options, logger, transport)) { Timeout = Timeout.InfiniteTimeSpan };
#pragma warning restore CA2000
        if (!string.IsNullOrEmpty(options.ApiKey))
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", options.ApiKey);
        }

        return client;
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var call = new Call(request.RequestUri?.GetLeftPart(UriPartial.Path) ?? "(no address)");
        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        context.Properties.Set(CallKey, call);
        Outcome<HttpResponseMessage> outcome;
        try
        {
            outcome = await _pipeline.ExecuteOutcomeAsync(
                static (context, state) => state.Handler.AttemptAsync(state.Request, state.Call, context.CancellationToken),
                context,
                (Handler: this, Request: request, Call: call));
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }

        if (outcome.Result is { IsSuccessStatusCode: true } success)
        {
            return success;
        }

        cancellationToken.ThrowIfCancellationRequested();
        throw Failure(outcome, call);
    }

    private async ValueTask<Outcome<HttpResponseMessage>> AttemptAsync(HttpRequestMessage request, Call call, CancellationToken cancellationToken)
    {
        call.Attempts++;
        try
        {
            var response = await base.SendAsync(request, cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                var body = await response.Content.ReadAsStringAsync(cancellationToken);
                call.LastFailure = $"{(int)response.StatusCode} {response.ReasonPhrase}: {Clean(body)}";
            }

            return Outcome.FromResult(response);
        }
#pragma warning disable CA1031 // Polly takes failures as outcomes: a thrown exception would skip its strategies.
        catch (Exception e)
#pragma warning restore CA1031
        {
            if (e is HttpRequestException)
            {
                call.LastFailure = Clean(e.Message);
            }

            return Outcome.FromException<HttpResponseMessage>(e);
        }
    }

    private ValueTask OnRetry(OnRetryArguments<HttpResponseMessage> args)
    {
        var call = args.Context.Properties.GetValue(CallKey, new Call("(unknown)"));
        if (args.Outcome.Exception is TimeoutRejectedException)
        {
            call.LastFailure = $"no answer within the attempt timeout of {Seconds(_options.AttemptTimeout)}";
        }

        LogRetry(_logger, _server, call.Endpoint, args.AttemptNumber + 1, _options.MaxAttempts, call.LastFailure, args.RetryDelay);
        return ValueTask.CompletedTask;
    }

    private Exception Failure(Outcome<HttpResponseMessage> outcome, Call call)
    {
        var attempts = call.Attempts == 1 ? "1 attempt" : $"{call.Attempts} attempts";
        var where = $"{_server} at {call.Endpoint}";
        if (outcome.Result is { } response)
        {
            var status = response.StatusCode;
            var retryable = HttpClientResiliencePredicates.IsTransient(outcome);
            response.Dispose();
            return new HttpRequestException(
                retryable
                    ? $"{where} answered {call.LastFailure} (gave up after {attempts})."
                    : $"{where} answered {call.LastFailure} (not retried: the server refused the request itself).",
                null,
                status);
        }

        return outcome.Exception switch
        {
            TimeoutRejectedException timeout when timeout.Timeout == _options.TotalTimeout => new TimeoutException(
                $"{where} gave no usable answer within the overall timeout of {Seconds(_options.TotalTimeout)} ({attempts}; last failure: {call.LastFailure ?? "none yet"}).",
                timeout),
            TimeoutRejectedException timeout => new TimeoutException(
                $"{where} gave up after {attempts}: the last got no answer within the attempt timeout of {Seconds(_options.AttemptTimeout)}.",
                timeout),
            HttpRequestException transport => new HttpRequestException(
                $"{where} could not be reached (gave up after {attempts}): {call.LastFailure}", transport, transport.StatusCode),
            { } other => new HttpRequestException($"{where} failed after {attempts}: {Clean(other.Message)}", other),
            null => new InvalidOperationException("The retry pipeline ended with neither an answer nor an exception."),
        };
    }

    // Servers echo what they were sent (OpenAI names a wrong key in its 401), and logs keep messages.
    private string Clean(string text)
    {
        if (!string.IsNullOrEmpty(_options.ApiKey))
        {
            text = text.Replace(_options.ApiKey, "[api key]", StringComparison.Ordinal);
        }

        text = text.ReplaceLineEndings(" ").Trim();
        return text.Length <= MaxMessageLength ? text : text[..MaxMessageLength] + "…";
    }

    private static string Seconds(TimeSpan span) => span.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture) + " s";

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Server} at {Endpoint}: attempt {Attempt} of {MaxAttempts} failed ({Failure}); retrying in {Delay}")]
    private static partial void LogRetry(ILogger logger, string server, string endpoint, int attempt, int maxAttempts, string? failure, TimeSpan delay);

    /// <summary>What one logical request has been through so far.</summary>
    private sealed class Call(string endpoint)
    {
        public string Endpoint { get; } = endpoint;

        public int Attempts { get; set; }

        public string? LastFailure { get; set; }
    }
}
