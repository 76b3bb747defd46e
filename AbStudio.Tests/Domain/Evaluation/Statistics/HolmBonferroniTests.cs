using AbStudio.Domain.Evaluation.Statistics;

namespace AbStudio.Tests.Domain.Evaluation.Statistics;

public class HolmBonferroniTests
{
    [Fact]
    public void Adjust_TextbookFamily_MultipliesStepDownAndKeepsOrder()
    {
        // Sorted: 0.005·4 = 0.02, 0.01·3 = 0.03, 0.03·2 = 0.06, 0.04·1 = 0.04 → raised to 0.06.
        var adjusted = HolmBonferroni.Adjust([0.01, 0.04, 0.03, 0.005]);

        Assert.Equal([0.03, 0.06, 0.06, 0.02], adjusted.Select(p => Math.Round(p, 12)));
    }

    [Fact]
    public void Adjust_LargeProducts_AreCappedAtOne()
    {
        var adjusted = HolmBonferroni.Adjust([0.4, 0.6, 0.2]);

        Assert.Equal([0.8, 0.8, 0.6], adjusted.Select(p => Math.Round(p, 12)));
        Assert.Equal([1.0, 1.0], HolmBonferroni.Adjust([0.7, 0.9]));
    }

    [Fact]
    public void Adjust_EmptyFamily_IsEmpty()
    {
        Assert.Empty(HolmBonferroni.Adjust([]));
    }

    [Fact]
    public void Adjust_NotAProbability_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => HolmBonferroni.Adjust([0.1, 1.5]));
    }
}
