using AdminChat.Web.Accounts;

namespace AdminChat.Tests.Web.Accounts;

public sealed class LocalUrlTests
{
    [Theory]
    [InlineData("/admin/dashboard")]
    [InlineData("/admin/users?tab=1#top")]
    [InlineData("/")]
    public void IsLocal_PathOnThisSite_IsTrue(string url) => Assert.True(LocalUrl.IsLocal(url));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("//evil.example")]
    [InlineData("/\\evil.example")]
    [InlineData("https://evil.example")]
    [InlineData("http:/evil.example")]
    [InlineData("evil.example/admin")]
    [InlineData("/\t/evil.example")]
    [InlineData("/\r\n/evil.example")]
    [InlineData("\\\\evil.example")]
    public void IsLocal_OffSiteOrAmbiguous_IsFalse(string? url) => Assert.False(LocalUrl.IsLocal(url));

    [Fact]
    public void OrDefault_OffSite_IsDashboard() => Assert.Equal("/admin/dashboard", LocalUrl.OrDefault("//evil.example"));
}
