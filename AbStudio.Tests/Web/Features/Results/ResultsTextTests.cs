using AbStudio.Web.Features.Results;

namespace AbStudio.Tests.Web.Features.Results;

public sealed class ResultsTextTests
{
    [Theory]
    [InlineData(0.61234, "0.612")]
    [InlineData(-0.5, "−0.500")]
    [InlineData(double.NaN, "—")]
    public void Mean_Value_ThreeDecimalsWithARealMinus(double value, string expected) => Assert.Equal(expected, ResultsText.Mean(value));

    [Theory]
    [InlineData(0.031, "+0.031")]
    [InlineData(-0.0123, "−0.012")]
    [InlineData(0, "0.000")]
    public void Difference_Value_AlwaysSigned(double value, string expected) => Assert.Equal(expected, ResultsText.Difference(value));

    [Theory]
    [InlineData(0.0004, "< 0.001")]
    [InlineData(0.0412, "0.041")]
    [InlineData(1, "1.000")]
    [InlineData(double.NaN, "—")]
    public void P_Value_ThreeDecimalsOrBelowAThousandth(double value, string expected) => Assert.Equal(expected, ResultsText.P(value));

    [Theory]
    [InlineData(0.256, "0.26 ms")]
    [InlineData(18.64, "18.6 ms")]
    [InlineData(1234.5, "1,235 ms")]
    public void Ms_Latency_DecimalsByMagnitude(double value, string expected) => Assert.Equal(expected, ResultsText.Ms(value));

    [Fact]
    public void Interval_Bounds_BothSigned() => Assert.Equal("[−0.020, +0.030]", ResultsText.Interval(-0.02, 0.03));
}
