using AbStudio.Domain.Collections.Planning;
using AbStudio.Domain.Embeddings;
using AbStudio.Web.Hosting;

namespace AbStudio.Web.Features.Collections;

/// <summary>Collections: the embedding catalogue, planning and building, cleanup, and <c>/api/v1/collections</c>.</summary>
public static class CollectionsSlice
{
    public static WebApplicationBuilder AddCollections(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddSingleton(services =>
        {
            var configuration = services.GetRequiredService<IConfiguration>();
            return new EmbeddingCatalog(LocalModelWarmup.ModelsDirectory(configuration), EmbeddingConfiguration.Servers(configuration), services.GetRequiredService<ILoggerFactory>());
        });
        builder.Services.AddSingleton<BuildCollectionJob>();
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
