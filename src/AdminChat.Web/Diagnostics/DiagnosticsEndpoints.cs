using AdminChat.Core.Diagnostics;
using AdminChat.Web.Accounts;

namespace AdminChat.Web.Diagnostics;

public static class DiagnosticsEndpoints
{
    public const string ChunkTimingsPath = "/admin/diagnostics/chunk-timings";
    public const string MemoryPath = "/admin/diagnostics/memory";

    /// <summary>
    /// The benchmark reads the per-chunk server overhead here (microseconds, JSON); <c>?reset=true</c> starts afresh.
    /// Mapped only when <c>AdminChat:Diagnostics:ChunkTimings</c> is on, and only for an Admin.
    /// </summary>
    public static WebApplication MapDiagnosticsEndpoints(this WebApplication app)
    {
        if (app.Services.GetRequiredService<ChunkTimingRecorder>().Enabled)
        {
            app.MapGet(ChunkTimingsPath, (bool? reset, ChunkTimingRecorder recorder) =>
                    Results.Json(new { microseconds = recorder.Snapshot(reset ?? false) }))
                .RequireAuthorization(AccountRoles.AdminPolicy);
            // Memory per circuit for the capacity scenario; ?gc=true collects first (slow: only the bench asks).
            app.MapGet(MemoryPath, (bool? gc) => Results.Json(new
                {
                    managedBytes = GC.GetTotalMemory(forceFullCollection: gc ?? false),
                    workingSetBytes = Environment.WorkingSet,
                }))
                .RequireAuthorization(AccountRoles.AdminPolicy);
        }

        return app;
    }
}
