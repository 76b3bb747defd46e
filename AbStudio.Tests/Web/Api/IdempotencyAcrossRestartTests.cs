using System.Net;
using Microsoft.EntityFrameworkCore;

namespace AbStudio.Tests.Web.Api;

/// <summary>An Idempotency-Key is kept in the database: a retry after the host restarted still finds the first test.</summary>
public sealed class IdempotencyAcrossRestartTests : IDisposable
{
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "abstudio-tests", $"restart-{Guid.NewGuid():N}");

    [Fact]
    public async Task Create_RetriedAfterARestart_ReturnsTheTestTheFirstHostCreated()
    {
        var settings = new Dictionary<string, string> { ["Storage:DataDirectory"] = _dataDirectory };
        var key = Guid.NewGuid().ToString();
        HttpStatusCode firstStatus;
        Guid firstId;
        string json;
        await using (var before = new ApiHost(settings))
        {
            var (demo, _) = await DemoDataset.FindAsync(before.Factory);
            json = TestDefinitions.TwoArms(demo, name: "created once");
            var (response, body) = await before.SendAsync(HttpMethod.Post, "/api/v1/tests", TestDefinitions.Json(json, key));
            (firstStatus, firstId) = (response.StatusCode, body.GetProperty("id").GetGuid());
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        await using var after = new ApiHost(settings);
        var (retry, retryBody) = await after.SendAsync(HttpMethod.Post, "/api/v1/tests", TestDefinitions.Json(json, key));

        Assert.Equal((HttpStatusCode.Created, HttpStatusCode.OK), (firstStatus, retry.StatusCode));
        Assert.Equal(firstId, retryBody.GetProperty("id").GetGuid());
        await using var db = await after.DbAsync();
        Assert.Equal(1, await db.Tests.CountAsync(t => t.Name == "created once", TestContext.Current.CancellationToken));
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Directory.Exists(_dataDirectory))
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
    }
}
