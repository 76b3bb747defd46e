using System.Text.Json;
using Microsoft.Extensions.Logging;
using OllamaSharp;
using OllamaSharp.Models;

namespace AbStudio.Domain.Embeddings.Remote;

/// <summary>
/// <c>ollama</c>: an Ollama server's <c>POST /api/embed</c> (request <c>{model, input: [...], dimensions?}</c>,
/// response <c>{model, embeddings: [[...]]}</c>) through OllamaSharp, behind the same retry policy,
/// batching, prefixes, empty-text rule and dimension checks as every other provider.
/// </summary>
/// <remarks>
/// OllamaSharp's <c>EmbedAsync</c> is used rather than its <c>IEmbeddingGenerator</c>, which does not
/// pass <c>dimensions</c> on. Its response type drops Ollama's <c>model</c> field (an echo of the name
/// asked for anyway), so the revision is the configured model name: a re-pulled model under the same
/// tag is not noticed.
/// </remarks>
public sealed class OllamaEmbeddingGenerator : RemoteEmbeddingGenerator
{
    public const string ProviderName = "ollama";
    public static readonly Uri DefaultBaseUrl = new("http://localhost:11434/");

    private const string Server = "Ollama server";

    private readonly HttpClient _http;
    private readonly OllamaApiClient _client;

    /// <param name="options">Server, key, model, batching and retry policy; <see cref="RemoteEmbeddingOptions.Model"/> is required.</param>
    /// <param name="dimensions">Declared dimensions, sent as <c>dimensions</c> and checked on every vector.</param>
    /// <param name="prefixes">Query and document prefixes, as for local providers.</param>
    /// <param name="logger">Receives a warning per retry (never the key).</param>
    public OllamaEmbeddingGenerator(RemoteEmbeddingOptions options, int? dimensions = null, EmbeddingPrefixes? prefixes = null, ILogger? logger = null)
        : base(ProviderName, options, dimensions, prefixes)
    {
        _http = RetryingHandler.CreateClient(Server, options, logger);
        _http.BaseAddress = WithTrailingSlash(options.BaseUrl ?? DefaultBaseUrl);
        _client = new OllamaApiClient(_http, ModelName);
    }

    protected override async Task<RemoteAnswer> EmbedBatchAsync(IReadOnlyList<string> texts, CancellationToken cancellationToken)
    {
        EmbedResponse? response;
        try
        {
            response = await _client.EmbedAsync(new EmbedRequest { Model = ModelName, Input = [.. texts], Dimensions = DeclaredDimensions }, cancellationToken);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{Server} at {_http.BaseAddress} sent an answer AbStudio cannot use: {e.Message}", e);
        }

        return new RemoteAnswer(response?.Embeddings ?? [], Revision: null);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _client.Dispose();
            _http.Dispose();
        }

        base.Dispose(disposing);
    }
}
