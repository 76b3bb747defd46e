using AbStudio.Domain.Collections.Storage;
using Microsoft.Extensions.Options;
using Npgsql;

namespace AbStudio.Web.Hosting;

public static class VectorStoreExtensions
{
    /// <summary>Keys the data source the pgvector store uses, so the container disposes it and nothing else picks it up.</summary>
    private const string VectorsDataSource = "vectors";

    /// <summary>
    /// Registers the <see cref="IVectorStore"/> that goes with the database: with SQLite, flat files
    /// under <c>DATA_DIRECTORY/collections</c> (one host); with PostgreSQL, pgvector in the same
    /// database, so every host (web, workers) sees the same collections. Why: docs/adr/0004-pgvector-store.md.
    /// </summary>
    public static IServiceCollection AddAbStudioVectorStore(this IServiceCollection services)
    {
        services.AddKeyedSingleton(VectorsDataSource, (provider, _) =>
            PgvectorVectorStore.BuildDataSource(provider.GetRequiredService<DatabaseTarget>().ConnectionString));
        services.AddSingleton<IVectorStore>(provider =>
        {
            var target = provider.GetRequiredService<DatabaseTarget>();
            return target.Provider == DatabaseProvider.Postgres
                ? new PgvectorVectorStore(provider.GetRequiredKeyedService<NpgsqlDataSource>(VectorsDataSource))
                : new FlatFileVectorStore(CollectionsDirectory(provider.GetRequiredService<IOptions<StorageSettings>>().Value));
        });
        return services;
    }

    /// <summary>Where the flat file store keeps collections: <c>DATA_DIRECTORY/collections</c>.</summary>
    public static string CollectionsDirectory(StorageSettings storage)
    {
        ArgumentNullException.ThrowIfNull(storage);
        return Path.Combine(storage.ResolveDataDirectory(), "collections");
    }

    /// <summary>
    /// Index kinds the configured store can build: <c>hnsw</c> is a pgvector index, so only with
    /// PostgreSQL; flat files are always searched exactly.
    /// </summary>
    public static bool Supports(this DatabaseTarget target, string indexKind)
    {
        ArgumentNullException.ThrowIfNull(target);
        return indexKind == VectorIndexKind.Flat || (indexKind == VectorIndexKind.Hnsw && target.Provider == DatabaseProvider.Postgres);
    }
}
