using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using AbStudio.Domain.Retrieval.Reranking;

namespace AbStudio.Domain.Embeddings.Remote;

/// <summary>
/// A remote reranker behind a <c>/rerank</c> endpoint in the Cohere-compatible shape that Cohere,
/// Jina, vLLM and others speak: request <c>{model, query, documents, top_n}</c>, response
/// <c>{results: [{index, relevance_score}]}</c>. A bare array <c>[{index, score}]</c> (Hugging Face
/// TEI's answer) is accepted too. Every candidate must come back scored, or the call fails clearly.
/// </summary>
/// <remarks>
/// Lives with the remote embedding clients, not in Retrieval: Retrieval stays free of I/O and knows
/// only <see cref="IReranker"/> (an architecture test holds that line). This folder is where the
/// engine's HTTP clients and their retry handling (<see cref="RetryingHandler"/>) live, and the
/// servers it talks to (TEI, vLLM, Jina, Cohere) are the same ones that serve embeddings.
/// </remarks>
public sealed class HttpReranker(HttpClient client, Uri endpoint, string? model) : IReranker
{
    public async Task<double[]> ScoreAsync(string query, IReadOnlyList<RerankCandidate> candidates, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        var request = new RerankRequest(model, query, [.. candidates.Select(c => c.Text)], candidates.Count);
        using var response = await client.PostAsJsonAsync(endpoint, request, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            throw new HttpRequestException(
                $"Reranker {endpoint} answered {(int)response.StatusCode} {response.ReasonPhrase}: {Truncate(body)}", null, response.StatusCode);
        }

        using var document = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(cancellationToken), cancellationToken: cancellationToken);
        var results = document.RootElement.ValueKind == JsonValueKind.Array
            ? document.RootElement
            : document.RootElement.TryGetProperty("results", out var r) ? r : throw Malformed("no 'results' array");
        var scores = new double?[candidates.Count];
        foreach (var result in results.EnumerateArray())
        {
            var index = result.TryGetProperty("index", out var i) && i.TryGetInt32(out var n) ? n : throw Malformed("a result without an integer 'index'");
            var score = result.TryGetProperty("relevance_score", out var s) || result.TryGetProperty("score", out s)
                ? s.GetDouble()
                : throw Malformed($"result {index} has no 'relevance_score' or 'score'");
            if (index < 0 || index >= scores.Length)
            {
                throw Malformed($"index {index} is outside the {scores.Length} documents sent");
            }

            scores[index] = score;
        }

        var missing = Array.FindIndex(scores, s => s is null);
        return missing >= 0
            ? throw Malformed($"document {missing} of {scores.Length} came back without a score (was top_n honoured?)")
            : [.. scores.Select(s => s!.Value)];
    }

    public void Dispose() => client.Dispose();

    private InvalidDataException Malformed(string what) => new($"Reranker {endpoint} sent an answer AbStudio cannot use: {what}.");

    private static string Truncate(string body) => body.Length <= 300 ? body : body[..300] + "…";

    private sealed record RerankRequest(
        [property: JsonPropertyName("model"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Model,
        [property: JsonPropertyName("query")] string Query,
        [property: JsonPropertyName("documents")] string[] Documents,
        [property: JsonPropertyName("top_n")] int TopN);
}
