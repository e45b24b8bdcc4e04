using System.Net;
using AdminChat.Core.Metrics;
using AdminChat.Core.Streaming;
using AdminChat.Tests.Web.Accounts;
using AdminChat.Web.Metrics;

namespace AdminChat.Tests.Web.Metrics;

public sealed class MetricsCsvTests
{
    [Theory]
    [InlineData("=HYPERLINK(\"http://x\")", "\"'=HYPERLINK(\"\"http://x\"\")\"")]
    [InlineData("+1", "'+1")]
    [InlineData("-2+3", "'-2+3")]
    [InlineData("@SUM(A1)", "'@SUM(A1)")]
    [InlineData("openai/gpt-4o", "openai/gpt-4o")]
    [InlineData("a,b", "\"a,b\"")]
    [InlineData("", "")]
    [InlineData(null, "")]
    public void Cell_Value_QuotedAndFormulaNeutralised(string? value, string expected) =>
        Assert.Equal(expected, MetricsEndpoints.Cell(value));

    [Fact]
    public void Line_Metric_OneCellPerHeaderColumnInvariantNumbers()
    {
        var metric = RequestMetric.From(new StreamRecord
        {
            RequestId = "r1", Provider = "p", Model = "=evil", StartedAt = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero),
            TimeToFirstChunk = TimeSpan.FromMilliseconds(12.5), Total = TimeSpan.FromMilliseconds(100), Outcome = StreamOutcome.Complete,
        });

        var line = MetricsEndpoints.Line(metric);

        Assert.Equal(19, line.Split(',').Length);
        Assert.Contains(",'=evil,", line, StringComparison.Ordinal);
        Assert.Contains(",12.5,", line, StringComparison.Ordinal);
    }
}

/// <summary>The export is for administrators only, over real HTTP.</summary>
[Trait("Category", "Process")]
public sealed class MetricsExportAccessTests(AccountsAppFixture fixture) : IClassFixture<AccountsAppFixture>
{
    [Fact]
    public async Task GetExport_Anonymous_Returns401()
    {
        using var client = fixture.NewClient();

        using var response = await client.GetApiAsync("admin/metrics/export.csv");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task GetExport_SignedInWithoutAdminRole_Returns403()
    {
        var email = AccountsAppFixture.UniqueEmail("metrics-plain");
        await TestUsers.CreateAsync(fixture.App, email);
        using var client = fixture.NewClient();
        await client.SignInOrFailAsync(email, TestUsers.Password);

        using var response = await client.GetApiAsync("admin/metrics/export.csv");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(string.Empty, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task GetExport_Admin_CsvWithHeaderAndUnknownWindowIs400()
    {
        using var client = fixture.NewClient();
        await client.SignInOrFailAsync(fixture.App.AdminEmail!, fixture.App.AdminPassword!);

        using var response = await client.GetApiAsync("admin/metrics/export.csv?window=24h");
        using var bad = await client.GetApiAsync("admin/metrics/export.csv?window=3y");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.StartsWith("started_at_utc,request_id,", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
    }
}
