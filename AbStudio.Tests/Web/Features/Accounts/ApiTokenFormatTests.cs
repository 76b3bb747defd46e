using AbStudio.Web.Features.Accounts;

namespace AbStudio.Tests.Web.Features.Accounts;

public sealed class ApiTokenFormatTests
{
    private const string Secret = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";

    [Fact]
    public void TryRead_WrittenToken_GivesBackPrefixAndSecret()
    {
        var (prefix, secret) = ApiTokenFormat.NewToken();

        Assert.True(ApiTokenFormat.TryRead(ApiTokenFormat.Write(prefix, secret), out var readPrefix, out var readSecret));

        Assert.Equal(prefix, readPrefix);
        Assert.Equal(secret, readSecret);
        Assert.Equal(32, secret.Length);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("abs_0123abcd_" + Secret + "0")]
    [InlineData("abs_0123abc_0" + Secret)]
    [InlineData("abx_0123abcd_" + Secret)]
    [InlineData("abs_0123ABCD_" + Secret)]
    [InlineData("abs_0123abcg_" + Secret)]
    [InlineData("abs_0123abcd-" + Secret)]
    [InlineData("Bearer abs_0123abcd_" + Secret)]
    public void TryRead_AnythingButTheExactFormat_IsRefused(string? token)
    {
        Assert.False(ApiTokenFormat.TryRead(token, out _, out _));
    }

    [Fact]
    public void NewToken_TwoTokens_Differ()
    {
        Assert.NotEqual(ApiTokenFormat.NewToken().Secret, ApiTokenFormat.NewToken().Secret);
    }
}
