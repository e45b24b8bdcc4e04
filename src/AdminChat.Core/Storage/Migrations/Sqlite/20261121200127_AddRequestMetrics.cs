using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AdminChat.Core.Storage.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class AddRequestMetrics : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "RequestMetrics",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    RequestId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    UserId = table.Column<string>(type: "TEXT", maxLength: 450, nullable: true),
                    ConversationId = table.Column<Guid>(type: "TEXT", nullable: true),
                    Provider = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Model = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Tier = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    Variant = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    StartedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    TtftMs = table.Column<double>(type: "REAL", nullable: true),
                    PerceivedTtftMs = table.Column<double>(type: "REAL", nullable: true),
                    TotalMs = table.Column<double>(type: "REAL", nullable: false),
                    InputTokens = table.Column<int>(type: "INTEGER", nullable: true),
                    OutputTokens = table.Column<int>(type: "INTEGER", nullable: true),
                    TokensPerSecond = table.Column<double>(type: "REAL", nullable: true),
                    Chunks = table.Column<int>(type: "INTEGER", nullable: false),
                    Outcome = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    ErrorKind = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true),
                    Cost = table.Column<decimal>(type: "TEXT", precision: 18, scale: 6, nullable: true),
                    Simulated = table.Column<bool>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_RequestMetrics", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_RequestMetrics_RequestId",
                table: "RequestMetrics",
                column: "RequestId");

            migrationBuilder.CreateIndex(
                name: "IX_RequestMetrics_StartedAt_TtftMs",
                table: "RequestMetrics",
                columns: new[] { "StartedAt", "TtftMs" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "RequestMetrics");
        }
    }
}
