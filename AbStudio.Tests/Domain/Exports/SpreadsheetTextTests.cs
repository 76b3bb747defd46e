using AbStudio.Domain.Exports;

namespace AbStudio.Tests.Domain.Exports;

public sealed class SpreadsheetTextTests
{
    [Theory]
    [InlineData("=1+1", "'=1+1")]
    [InlineData("+41 22 555", "'+41 22 555")]
    [InlineData("-2", "'-2")]
    [InlineData("@SUM(A1)", "'@SUM(A1)")]
    [InlineData("\tcmd", "'\tcmd")]
    [InlineData("\rcmd", "'\rcmd")]
    [InlineData("=HYPERLINK(\"http://x\")", "'=HYPERLINK(\"http://x\")")]
    [InlineData("q1", "q1")]
    [InlineData("007", "007")]
    [InlineData("a=b", "a=b")]
    [InlineData(" =1", " =1")]
    [InlineData("'quoted", "'quoted")]
    [InlineData("", "")]
    public void Neutralise_Text_PrefixedOnlyWhenASpreadsheetWouldRunIt(string text, string expected)
    {
        var neutralised = SpreadsheetText.Neutralise(text);

        Assert.Equal(expected, neutralised);
    }

    [Theory]
    [InlineData(-0.25, "-0.25")]
    [InlineData(0.1, "0.1")]
    [InlineData(1e-7, "1E-07")]
    public void Format_Number_StaysANumberEvenWhenNegative(double number, string expected)
    {
        var formatted = ExportCell.Of(number).Format();

        Assert.Equal(expected, formatted);
    }

    [Fact]
    public void Format_NaN_IsAnEmptyCell()
    {
        var cell = ExportCell.Of(double.NaN);

        Assert.True(cell.IsEmpty);
        Assert.Equal("", cell.Format());
    }
}
