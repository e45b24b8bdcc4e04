namespace AdminChat.Bench;

public static class Report
{
    public static Task WriteAsync(BenchResults results, string outDir) => Task.CompletedTask;
}
