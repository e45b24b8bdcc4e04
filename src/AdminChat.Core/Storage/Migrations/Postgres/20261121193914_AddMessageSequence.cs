using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AdminChat.Core.Storage.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class AddMessageSequence : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "Sequence",
                table: "Messages",
                type: "bigint",
                nullable: false,
                defaultValue: 0L);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "Sequence",
                table: "Messages");
        }
    }
}
