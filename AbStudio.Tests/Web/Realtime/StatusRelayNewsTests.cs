using AbStudio.Web.Realtime;

namespace AbStudio.Tests.Web.Realtime;

/// <summary>What the relay publishes of a row it reads, given what the host last saw of it.</summary>
public sealed class StatusRelayNewsTests
{
    [Theory]
    [InlineData("building", 640, 5000, "building", 640, 5000, false)]  // the same state again
    [InlineData("building", 640, 5000, "building", 128, 5000, false)]  // the database lags the builder's own reports
    [InlineData("building", 128, 5000, "building", 640, 5000, true)]   // progress
    [InlineData("building", 0, 0, "building", 0, 5000, true)]          // chunked: the total is known
    [InlineData("building", 640, 5000, "ready", 5000, 5000, true)]
    [InlineData("ready", 5000, 5000, "pending", 0, 0, true)]            // a rebuild starts again from zero
    public void IsNews_LastSeenAndRead_PublishesOnlyChanges(string lastStatus, long lastDone, long lastTotal, string status, long done, long total, bool expected)
    {
        var id = Guid.NewGuid();

        var news = StatusRelay.IsNews(new StatusUpdate("collection", id, lastStatus, lastDone, lastTotal), new StatusUpdate("collection", id, status, done, total));

        Assert.Equal(expected, news);
    }
}
