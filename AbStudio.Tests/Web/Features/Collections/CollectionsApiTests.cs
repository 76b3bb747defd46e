using System.Net;
using AbStudio.Domain.AbTests;
using AbStudio.Domain.Collections;
using AbStudio.Domain.Jobs;
using Microsoft.EntityFrameworkCore;

namespace AbStudio.Tests.Web.Features.Collections;

public sealed class CollectionsApiTests : IAsyncLifetime
{
    private const string Collections = "/api/v1/collections";
    private ApiHost _host = null!;
    private Guid _demoId;

    public async ValueTask InitializeAsync()
    {
        _host = new ApiHost();
        (_demoId, _) = await DemoDataset.FindAsync(_host.Factory);
    }

    public async ValueTask DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task List_ByStatus_OnlyThatStatusNewestFirstWithDatabaseTotal()
    {
        var older = await AddAsync(CollectionStatus.Ready, createdAt: DateTime.UtcNow.AddMinutes(-5));
        var newer = await AddAsync(CollectionStatus.Ready);
        await AddAsync(CollectionStatus.Failed);

        var (response, body) = await _host.GetAsync($"{Collections}?status=ready");
        var (_, all) = await _host.GetAsync(Collections);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        ApiAssert.Page(body, 1, 50, total: 2, items: 2);
        Assert.Equal([newer.Id.ToString(), older.Id.ToString()], ApiAssert.Strings(body.GetProperty("items"), "id"));
        Assert.Equal("ready", body.GetProperty("items")[0].GetProperty("status").GetString());
        ApiAssert.Page(all, 1, 50, total: 3, items: 3);
    }

    [Fact]
    public async Task Get_Existing_ConfigurationAsObjectProgressAndStats()
    {
        var collection = await AddAsync(CollectionStatus.Building, configure: c =>
        {
            c.ConfigurationJson = """{"provider":"hashing","dimensions":256,"chunking":{"size":200}}""";
            c.ChunksDone = 25;
            c.ChunksTotal = 100;
            c.Dimensions = 256;
        });

        var (response, body) = await _host.GetAsync($"{Collections}/{collection.Id}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(collection.Fingerprint, body.GetProperty("fingerprint").GetString());
        Assert.Equal(200, body.GetProperty("configuration").GetProperty("chunking").GetProperty("size").GetInt32());
        Assert.Equal("building", body.GetProperty("status").GetString());
        Assert.Equal(25.0, body.GetProperty("progress").GetProperty("percent").GetDouble());
        Assert.Equal(256, body.GetProperty("stats").GetProperty("dimensions").GetInt32());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, body.GetProperty("error").ValueKind);
    }

    [Fact]
    public async Task Get_Unknown_404Problem()
    {
        var (response, body) = await _host.GetAsync($"{Collections}/{Guid.NewGuid()}");

        ApiAssert.Problem(response, body, 404);
    }

    [Fact]
    public async Task Delete_Ready_204RowAndVectorFilesGone()
    {
        var collection = await AddAsync(CollectionStatus.Ready);
        var folder = Path.Combine(_host.DataDirectory, "collections", collection.Fingerprint);
        Directory.CreateDirectory(folder);
        await File.WriteAllTextAsync(Path.Combine(folder, "vectors.bin"), "x", TestContext.Current.CancellationToken);

        var (response, _) = await _host.SendAsync(HttpMethod.Delete, $"{Collections}/{collection.Id}");

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        await using var db = await _host.DbAsync();
        Assert.False(await db.Collections.AnyAsync(c => c.Id == collection.Id, TestContext.Current.CancellationToken));
        Assert.False(Directory.Exists(folder));
    }

    [Fact]
    public async Task Delete_Building_409()
    {
        var collection = await AddAsync(CollectionStatus.Building);

        var (response, body) = await _host.SendAsync(HttpMethod.Delete, $"{Collections}/{collection.Id}");

        ApiAssert.Problem(response, body, 409);
        Assert.Contains("being built", body.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Delete_PendingWithQueuedBuildJob_409()
    {
        var collection = await AddAsync(CollectionStatus.Pending);
        await using (var db = await _host.DbAsync())
        {
            db.Jobs.Add(new Job { Type = "BuildCollection", PayloadJson = "{}", SubjectId = collection.Id });
            await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        }

        var (response, body) = await _host.SendAsync(HttpMethod.Delete, $"{Collections}/{collection.Id}");

        ApiAssert.Problem(response, body, 409);
    }

    [Theory]
    [InlineData(AbTestStatus.Queued, 409)]
    [InlineData(AbTestStatus.Running, 409)]
    [InlineData(AbTestStatus.Completed, 204)]
    public async Task Delete_ReferencedByArm_ConflictOnlyWhileTheTestIsLive(AbTestStatus testStatus, int expected)
    {
        var collection = await AddAsync(CollectionStatus.Ready);
        await using (var db = await _host.DbAsync())
        {
            var test = new AbTest { Name = "prefixes", DatasetId = _demoId, Definition = TestDefinitions.Stored("prefixes", _demoId), Status = testStatus };
            test.Arms.Add(new Arm { Name = "a", ConfigurationJson = "{}", CollectionId = collection.Id, CollectionFingerprint = collection.Fingerprint });
            db.Tests.Add(test);
            await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        }

        var (response, body) = await _host.SendAsync(HttpMethod.Delete, $"{Collections}/{collection.Id}");

        Assert.Equal(expected, (int)response.StatusCode);
        if (expected == 409)
        {
            Assert.Contains("'prefixes'", body.GetProperty("detail").GetString(), StringComparison.Ordinal);
        }
    }

    private async Task<Collection> AddAsync(CollectionStatus status, DateTime? createdAt = null, Action<Collection>? configure = null)
    {
        var collection = new Collection
        {
            Fingerprint = Convert.ToHexStringLower(Guid.NewGuid().ToByteArray()) + Convert.ToHexStringLower(Guid.NewGuid().ToByteArray()),
            DatasetId = _demoId,
            ConfigurationJson = "{}",
            Provider = "hashing",
            Status = status,
            CreatedAt = createdAt ?? DateTime.UtcNow,
        };
        configure?.Invoke(collection);
        await using var db = await _host.DbAsync();
        db.Collections.Add(collection);
        await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        return collection;
    }
}
