using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Logging;

namespace AbStudio.Domain.Embeddings.Remote;

/// <summary>
/// <c>openai</c>: any server that speaks OpenAI's <c>POST /v1/embeddings</c> (OpenAI, Azure OpenAI's
/// v1 surface, vLLM, Hugging Face TEI, LiteLLM, LM Studio…): request
/// <c>{model, input: [...], encoding_format: "float", dimensions?}</c>, response
/// <c>{data: [{index, embedding}], model, system_fingerprint?}</c>.
/// </summary>
/// <remarks>
/// Written against the wire protocol rather than the OpenAI SDK: the SDK retries on its own (which
/// would multiply with <see cref="RetryingHandler"/>'s attempts) and hides the <c>model</c> and
/// <c>system_fingerprint</c> fields this provider records as the revision.
/// </remarks>
public sealed class OpenAIEmbeddingGenerator : RemoteEmbeddingGenerator
{
    public const string ProviderName = "openai";
    public static readonly Uri DefaultBaseUrl = new("https://api.openai.com/v1/");

    private const string Server = "OpenAI-compatible server";

    private readonly HttpClient _client;
    private readonly Uri _endpoint;

    /// <param name="options">Server, key, model, batching and retry policy; <see cref="RemoteEmbeddingOptions.Model"/> is required.</param>
    /// <param name="dimensions">Declared dimensions, sent as <c>dimensions</c> and checked on every vector.</param>
    /// <param name="prefixes">Query and document prefixes, as for local providers.</param>
    /// <param name="logger">Receives a warning per retry (never the key).</param>
    public OpenAIEmbeddingGenerator(RemoteEmbeddingOptions options, int? dimensions = null, EmbeddingPrefixes? prefixes = null, ILogger? logger = null)
        : base(ProviderName, options, dimensions, prefixes)
    {
        _endpoint = new Uri(WithTrailingSlash(options.BaseUrl ?? DefaultBaseUrl), "embeddings");
        _client = RetryingHandler.CreateClient(Server, options, logger);
    }

    protected override async Task<RemoteAnswer> EmbedBatchAsync(IReadOnlyList<string> texts, CancellationToken cancellationToken)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(new EmbeddingsRequest(ModelName, texts, "float", DeclaredDimensions));
        using var request = new HttpRequestMessage(HttpMethod.Post, _endpoint) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new("application/json");
        using var response = await _client.SendAsync(request, cancellationToken);
        var json = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        try
        {
            using var document = JsonDocument.Parse(json);
            return Read(document.RootElement, texts.Count);
        }
        catch (JsonException e)
        {
            throw Malformed($"not JSON ({e.Message})");
        }
        catch (InvalidOperationException e)
        {
            throw Malformed($"a value of the wrong kind ({e.Message})");
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _client.Dispose();
        }

        base.Dispose(disposing);
    }

    private RemoteAnswer Read(JsonElement root, int count)
    {
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("data", out var data) || data.ValueKind != JsonValueKind.Array)
        {
            throw Malformed("no 'data' array");
        }

        var vectors = new float[count][];
        foreach (var item in data.EnumerateArray())
        {
            var index = item.TryGetProperty("index", out var i) && i.TryGetInt32(out var n) ? n : throw Malformed("an item without an integer 'index'");
            if (index < 0 || index >= count || vectors[index] is not null)
            {
                throw Malformed($"index {index} is outside the {count} texts sent or came twice");
            }

            if (!item.TryGetProperty("embedding", out var embedding) || embedding.ValueKind != JsonValueKind.Array)
            {
                throw Malformed($"item {index} has no 'embedding' array of numbers (was encoding_format \"float\" ignored?)");
            }

            var vector = new float[embedding.GetArrayLength()];
            var d = 0;
            foreach (var value in embedding.EnumerateArray())
            {
                vector[d++] = value.GetSingle();
            }

            vectors[index] = vector;
        }

        var missing = Array.FindIndex(vectors, v => v is null);
        if (missing >= 0)
        {
            throw Malformed($"text {missing} of {count} came back without an embedding");
        }

        var model = root.TryGetProperty("model", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString() : null;
        var fingerprint = root.TryGetProperty("system_fingerprint", out var f) && f.ValueKind == JsonValueKind.String ? f.GetString() : null;
        var revision = string.IsNullOrEmpty(fingerprint) ? model : $"{model ?? ModelName}@{fingerprint}";
        return new RemoteAnswer(vectors, revision);
    }

    private InvalidDataException Malformed(string what) => new($"{Server} at {_endpoint} sent an answer AbStudio cannot use: {what}.");

    private sealed record EmbeddingsRequest(
        [property: JsonPropertyName("model")] string Model,
        [property: JsonPropertyName("input")] IReadOnlyList<string> Input,
        [property: JsonPropertyName("encoding_format")] string EncodingFormat,
        [property: JsonPropertyName("dimensions"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? Dimensions);
}
