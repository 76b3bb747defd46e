using AbStudio.Web.Components.Shared;

namespace AbStudio.Tests.Web.Components;

public sealed class DisplayTextTests
{
    [Theory]
    [InlineData(0, "0 B")]
    [InlineData(999, "999 B")]
    [InlineData(1_000, "1 KB")]
    [InlineData(1_240_000, "1.2 MB")]
    [InlineData(3_000_000_000, "3 GB")]
    public void Bytes_Size_ReadsInDecimalUnits(long bytes, string expected) => Assert.Equal(expected, DisplayText.Bytes(bytes));

    [Theory]
    [InlineData(0.25, "250 ms")]
    [InlineData(42, "42 s")]
    [InlineData(125, "2 min 5 s")]
    [InlineData(3600, "1 h")]
    [InlineData(3 * 86400 + 7200, "3 d 2 h")]
    public void Duration_Seconds_ShowsTheTwoLargestUnits(double seconds, string expected) =>
        Assert.Equal(expected, DisplayText.Duration(TimeSpan.FromSeconds(seconds)));

    [Theory]
    [InlineData("abc", "abc")]
    [InlineData("0123456789abcdef0123", "0123456789ab")]
    public void ShortHash_Hash_KeepsTwelveDigits(string hash, string expected) => Assert.Equal(expected, DisplayText.ShortHash(hash));

    [Theory]
    [InlineData(30, "just now")]
    [InlineData(190, "3 min ago")]
    [InlineData(2 * 3600 + 60, "2 h ago")]
    public void Ago_Elapsed_ReadsAsTheLargestUnit(int secondsAgo, string expected)
    {
        var now = new DateTime(2026, 1, 1, 12, 0, 0, DateTimeKind.Utc);

        Assert.Equal(expected, DisplayText.Ago(now.AddSeconds(-secondsAgo), now));
    }

    [Fact]
    public void ShortId_VersionSevenIds_MadeTogether_StillDiffer()
    {
        var first = Guid.CreateVersion7();
        var second = Guid.CreateVersion7();

        Assert.NotEqual(DisplayText.ShortId(first), DisplayText.ShortId(second));
        Assert.EndsWith(DisplayText.ShortId(first), first.ToString("N"), StringComparison.Ordinal);
    }

    [Fact]
    public void Json_ConfigurationWithPlus_StaysReadable()
    {
        using var json = System.Text.Json.JsonDocument.Parse("""{"model":"hashing:unigrams+bigrams"}""");

        Assert.Contains("\"hashing:unigrams+bigrams\"", DisplayText.Json(json.RootElement), StringComparison.Ordinal);
    }
}
