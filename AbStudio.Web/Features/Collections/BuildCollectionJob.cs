using AbStudio.Domain.Collections;
using AbStudio.Domain.Collections.Building;
using AbStudio.Domain.Embeddings;
using AbStudio.Domain.Embeddings.Remote;
using AbStudio.Domain.Persistence;
using AbStudio.Web.Hosting;
using AbStudio.Web.Realtime;
using Microsoft.EntityFrameworkCore;

namespace AbStudio.Web.Features.Collections;

/// <summary>
/// The work of a <c>BuildCollection</c> job: builds the collection with the configured providers
/// and tells watchers (Blazor pages, the status hub) how it goes. Idempotent and resumable: running
/// it again after a crash continues from the rows already stored.
/// </summary>
public sealed class BuildCollectionJob(
    IDbContextFactory<AbStudioDbContext> contexts,
    StatusNotifier notifier,
    IConfiguration configuration,
    ILoggerFactory loggers)
{
    public async Task ExecuteAsync(Guid collectionId, CancellationToken cancellationToken)
    {
        var service = new CollectionBuildService(contexts, CreateProvider, CollectionsDirectory(configuration), TimeProvider.System);
        await service.BuildAsync(collectionId, new Publisher(notifier), cancellationToken);
    }

    public static string CollectionsDirectory(IConfiguration configuration) =>
        Path.Combine(StorageSettings.From(configuration).ResolveDataDirectory(), "collections");

    private EmbeddingProvider CreateProvider(CollectionSpecification specification) =>
        EmbeddingProviderFactory.Create(
            new EmbeddingProviderSettings(
                specification.Provider,
                LocalModelWarmup.ModelsDirectory(configuration),
                specification.Model,
                specification.Dimensions,
                DocumentPrefix: specification.DocumentPrefix,
                // glove-avg records the stop-word choice in its model id (see GloveAverageEmbeddingGenerator).
                RemoveStopWords: specification.Model?.EndsWith(":no-stop-words", StringComparison.Ordinal) == true)
            {
                OpenAI = configuration.GetSection("Embeddings:OpenAI").Get<RemoteEmbeddingOptions>() ?? new(),
                Ollama = configuration.GetSection("Embeddings:Ollama").Get<RemoteEmbeddingOptions>() ?? new(),
            },
            loggers);

    private sealed class Publisher(StatusNotifier notifier) : IProgress<CollectionProgress>
    {
        public void Report(CollectionProgress value) => notifier.Publish(new StatusUpdate(
            "collection", value.CollectionId, value.Status.ToString().ToLowerInvariant(), value.Done, value.Total, value.RatePerSecond, value.EtaSeconds, value.Message));
    }
}
