using AbStudio.Domain.Collections.Storage;

namespace AbStudio.Tests.Domain.Collections.Storage;

public sealed class FlatFileVectorStoreTests : VectorStoreContractTests, IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("abstudio-store-").FullName;
    private readonly List<FlatFileVectorStore> _stores = [];

    [Fact]
    public async Task Create_HnswIndexKind_IsNotSupported()
    {
        var error = await Assert.ThrowsAsync<NotSupportedException>(() => CreateStore().CreateAsync(NewFingerprint(), 8, VectorIndexKind.Hnsw, Cancel));

        Assert.Contains("the pgvector store for 'hnsw'", error.Message, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        _stores.ForEach(store => store.Dispose());
        Directory.Delete(_directory, recursive: true);
    }

    protected override IVectorStore CreateStore()
    {
        var store = new FlatFileVectorStore(_directory);
        _stores.Add(store);
        return store;
    }

    protected override Task<bool> HoldsAnythingOfAsync(string fingerprint) =>
        Task.FromResult(Directory.Exists(Path.Combine(_directory, fingerprint)));
}
