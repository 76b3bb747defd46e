using AbStudio.Domain.Embeddings;
using AbStudio.Domain.Embeddings.Remote;
using AbStudio.Domain.Runs.Execution;

namespace AbStudio.Web.Features.Collections;

/// <summary>The remote embedding servers as configured (<c>Embeddings:OpenAI</c>, <c>Embeddings:Ollama</c>; docs/embeddings.md).</summary>
public static class EmbeddingConfiguration
{
    public static EmbeddingServers Servers(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return new EmbeddingServers(
            configuration.GetSection("Embeddings:OpenAI").Get<RemoteEmbeddingOptions>() ?? new(),
            configuration.GetSection("Embeddings:Ollama").Get<RemoteEmbeddingOptions>() ?? new());
    }
}
