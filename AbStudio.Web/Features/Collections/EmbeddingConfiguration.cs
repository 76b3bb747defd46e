using AbStudio.Domain.Embeddings;
using AbStudio.Domain.Embeddings.Remote;
using AbStudio.Domain.Runs.Execution;
using Microsoft.Extensions.Options;

namespace AbStudio.Web.Features.Collections;

/// <summary>The remote embedding servers as configured (<c>Embeddings:OpenAI</c>, <c>Embeddings:Ollama</c>; docs/embeddings.md).</summary>
public static class EmbeddingConfiguration
{
    private const string OpenAI = "OpenAI";
    private const string Ollama = "Ollama";

    /// <summary>Binds each server's section to named <see cref="RemoteEmbeddingOptions"/>, read when the catalogue is first resolved.</summary>
    public static IServiceCollection AddEmbeddingServers(this IServiceCollection services)
    {
        services.AddOptions<RemoteEmbeddingOptions>(OpenAI).BindConfiguration($"Embeddings:{OpenAI}");
        services.AddOptions<RemoteEmbeddingOptions>(Ollama).BindConfiguration($"Embeddings:{Ollama}");
        return services;
    }

    public static EmbeddingServers Servers(IOptionsMonitor<RemoteEmbeddingOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new EmbeddingServers(options.Get(OpenAI), options.Get(Ollama));
    }
}
