using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AbStudio.Migrations.Postgres.Generated
{
    /// <inheritdoc />
    public partial class OneActiveRunPerTest : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Before this index, parallel starts could leave several active runs of one test: all
            // but the newest are cancelled, saying why, so the index can be built.
            migrationBuilder.Sql("""
                UPDATE runs SET "Status" = 'Cancelled', "CompletedAt" = "CreatedAt",
                    "Error" = 'Cancelled on upgrade: a newer run of the same test was active too (one active run per test from now on).'
                WHERE "Status" IN ('Pending', 'Queued', 'Running') AND EXISTS (
                    SELECT 1 FROM runs AS newer
                    WHERE newer."TestId" = runs."TestId" AND newer."Status" IN ('Pending', 'Queued', 'Running')
                      AND (newer."CreatedAt" > runs."CreatedAt" OR (newer."CreatedAt" = runs."CreatedAt" AND newer."Id" > runs."Id")))
                """);

            migrationBuilder.CreateIndex(
                name: "IX_runs_TestId_active",
                table: "runs",
                column: "TestId",
                unique: true,
                filter: "\"Status\" IN ('Pending', 'Queued', 'Running')");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_runs_TestId_active",
                table: "runs");
        }
    }
}
