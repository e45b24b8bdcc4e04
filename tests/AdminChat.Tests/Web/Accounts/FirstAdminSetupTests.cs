using System.Net;
using AdminChat.Web.Accounts;

namespace AdminChat.Tests.Web.Accounts;

public sealed class FirstAdminSetupTests
{
    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("127.8.9.10")]
    [InlineData("::1")]
    [InlineData("::ffff:127.0.0.1")]
    public void IsAllowedFrom_Loopback_IsTrue(string address) =>
        Assert.True(FirstAdminSetup.IsAllowedFrom(IPAddress.Parse(address), allowRemote: false));

    [Theory]
    [InlineData("10.0.0.5")]
    [InlineData("192.168.1.20")]
    [InlineData("::ffff:203.0.113.7")]
    [InlineData("2001:db8::1")]
    public void IsAllowedFrom_RemoteAddress_IsFalseUnlessRemoteSetupAllowed(string address)
    {
        Assert.False(FirstAdminSetup.IsAllowedFrom(IPAddress.Parse(address), allowRemote: false));
        Assert.True(FirstAdminSetup.IsAllowedFrom(IPAddress.Parse(address), allowRemote: true));
    }

    [Fact]
    public void IsAllowedFrom_UnknownAddress_IsFalse() => Assert.False(FirstAdminSetup.IsAllowedFrom(null, allowRemote: false));
}
