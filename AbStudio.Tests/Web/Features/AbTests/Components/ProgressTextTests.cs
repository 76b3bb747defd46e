using AbStudio.Web.Features.AbTests.Components;
using AbStudio.Web.Realtime;

namespace AbStudio.Tests.Web.Features.AbTests.Components;

public sealed class ProgressTextTests
{
    [Theory]
    [InlineData(40, 100, "40 / 100 results")]
    [InlineData(1500, 20000, "1,500 / 20,000 results")]
    [InlineData(0, 0, "no results yet")]
    [InlineData(7, 0, "7 results")]
    public void Count_DoneAndTotal_ReadsAsAFraction(long done, long total, string expected) =>
        Assert.Equal(expected, ProgressText.Count(done, total, "results"));

    [Theory]
    [InlineData(65.0, "ETA 1:05")]
    [InlineData(0.2, "ETA 0:01")]
    [InlineData(3725.0, "ETA 1:02:05")]
    [InlineData(-1.0, null)]
    [InlineData(null, null)]
    public void Eta_Seconds_ReadsAsMinutesAndSeconds(double? seconds, string? expected) =>
        Assert.Equal(expected, ProgressText.Eta(seconds));

    [Theory]
    [InlineData(50, 200, 25.0)]
    [InlineData(5, 0, 0.0)]
    [InlineData(300, 200, 100.0)]
    public void Percent_DoneOfTotal_IsClampedToHundred(long done, long total, double expected) =>
        Assert.Equal(expected, ProgressText.Percent(done, total));

    [Fact]
    public void Merge_FailureWithoutCounts_KeepsTheProgressReached()
    {
        var id = Guid.NewGuid();

        var merged = ProgressText.Merge(new StatusUpdate("run", id, "running", 30, 100), new StatusUpdate("run", id, "failed", 0, 0, Message: "boom"));

        Assert.Equal(("failed", 30L, 100L, "boom"), (merged.Status, merged.Done, merged.Total, merged.Message));
    }
}
