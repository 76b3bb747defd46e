using AbStudio.Domain.Collections.Planning;
using AbStudio.Domain.Embeddings;
using AbStudio.Domain.Embeddings.Remote;
using AbStudio.Web.Hosting;
using AbStudio.Web.Jobs;
using Microsoft.Extensions.Options;

namespace AbStudio.Web.Features.Collections;

/// <summary>Collections: the embedding catalogue, planning and building, cleanup, and <c>/api/v1/collections</c>.</summary>
public static class CollectionsSlice
{
    public static WebApplicationBuilder AddCollections(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddEmbeddingServers();
        builder.Services.AddSettings<LocalModelSettings>(LocalModelSettings.Section);
        builder.Services.AddSingleton(services => new EmbeddingCatalog(
            LocalModelWarmup.ModelsDirectory(services.GetRequiredService<IOptions<StorageSettings>>().Value),
            EmbeddingConfiguration.Servers(services.GetRequiredService<IOptionsMonitor<RemoteEmbeddingOptions>>()),
            services.GetRequiredService<ILoggerFactory>()));
        builder.Services.AddJobType<BuildCollectionJob>();
        builder.Services.AddSingleton<CollectionPlanner>();
        builder.Services.AddSingleton<CollectionsService>();
        builder.Services.AddSingleton<CollectionsQueries>();
        builder.Services.AddSettings<CollectionCleanupOptions>(CollectionCleanupOptions.Section);
        builder.Services.AddSingleton<CollectionCleanup>();
        builder.Services.AddTransient<SweepExpiredCollectionsInvocable>();

        // Only hosts that build collections need the local models.
        builder.Services.AddHostedServiceFor<LocalModelWarmup>(HostRoles.RunsBackgroundWork);

        return builder;
    }

    public static IEndpointRouteBuilder MapCollections(this IEndpointRouteBuilder api)
    {
        api.MapCollectionsApi();
        return api;
    }
}
