using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AbStudio.Migrations.Sqlite.Generated
{
    /// <inheritdoc />
    public partial class TeamOwnership : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // The default team (Team.DefaultId) owns every row that existed before teams. A team named
            // "default" made earlier by 'token create --team default' has another id: its members move to
            // the well-known one and it goes, so that name and id are one team from here on.
            migrationBuilder.Sql("""
                INSERT INTO teams ("Id", "Name", "CreatedAt")
                SELECT '00000000-0000-7000-8000-000000000001', '__default_team', CURRENT_TIMESTAMP
                WHERE NOT EXISTS (SELECT 1 FROM teams WHERE "Id" = '00000000-0000-7000-8000-000000000001');
                INSERT INTO team_members ("TeamId", "UserId", "AddedAt")
                SELECT '00000000-0000-7000-8000-000000000001', m."UserId", m."AddedAt" FROM team_members m JOIN teams t ON t."Id" = m."TeamId"
                WHERE t."Name" = 'default' AND t."Id" <> '00000000-0000-7000-8000-000000000001'
                  AND NOT EXISTS (SELECT 1 FROM team_members x WHERE x."TeamId" = '00000000-0000-7000-8000-000000000001' AND x."UserId" = m."UserId");
                DELETE FROM team_members WHERE "TeamId" IN (SELECT "Id" FROM teams WHERE "Name" = 'default' AND "Id" <> '00000000-0000-7000-8000-000000000001');
                DELETE FROM teams WHERE "Name" = 'default' AND "Id" <> '00000000-0000-7000-8000-000000000001';
                UPDATE teams SET "Name" = 'default' WHERE "Id" = '00000000-0000-7000-8000-000000000001';
                """);

            migrationBuilder.AddColumn<bool>(
                name: "Shared",
                table: "datasets",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<Guid>(
                name: "TeamId",
                table: "datasets",
                type: "TEXT",
                nullable: false,
                defaultValue: new Guid("00000000-0000-7000-8000-000000000001"));

            migrationBuilder.AddColumn<Guid>(
                name: "TeamId",
                table: "collections",
                type: "TEXT",
                nullable: false,
                defaultValue: new Guid("00000000-0000-7000-8000-000000000001"));

            migrationBuilder.AddColumn<Guid>(
                name: "TeamId",
                table: "ab_tests",
                type: "TEXT",
                nullable: false,
                defaultValue: new Guid("00000000-0000-7000-8000-000000000001"));

            migrationBuilder.CreateIndex(
                name: "IX_datasets_TeamId",
                table: "datasets",
                column: "TeamId");

            migrationBuilder.CreateIndex(
                name: "IX_collections_TeamId",
                table: "collections",
                column: "TeamId");

            migrationBuilder.CreateIndex(
                name: "IX_ab_tests_TeamId",
                table: "ab_tests",
                column: "TeamId");

            migrationBuilder.AddForeignKey(
                name: "FK_ab_tests_teams_TeamId",
                table: "ab_tests",
                column: "TeamId",
                principalTable: "teams",
                principalColumn: "Id",
                onDelete: ReferentialAction.Restrict);

            migrationBuilder.AddForeignKey(
                name: "FK_collections_teams_TeamId",
                table: "collections",
                column: "TeamId",
                principalTable: "teams",
                principalColumn: "Id",
                onDelete: ReferentialAction.Restrict);

            migrationBuilder.AddForeignKey(
                name: "FK_datasets_teams_TeamId",
                table: "datasets",
                column: "TeamId",
                principalTable: "teams",
                principalColumn: "Id",
                onDelete: ReferentialAction.Restrict);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_ab_tests_teams_TeamId",
                table: "ab_tests");

            migrationBuilder.DropForeignKey(
                name: "FK_collections_teams_TeamId",
                table: "collections");

            migrationBuilder.DropForeignKey(
                name: "FK_datasets_teams_TeamId",
                table: "datasets");

            migrationBuilder.DropIndex(
                name: "IX_datasets_TeamId",
                table: "datasets");

            migrationBuilder.DropIndex(
                name: "IX_collections_TeamId",
                table: "collections");

            migrationBuilder.DropIndex(
                name: "IX_ab_tests_TeamId",
                table: "ab_tests");

            migrationBuilder.DropColumn(
                name: "Shared",
                table: "datasets");

            migrationBuilder.DropColumn(
                name: "TeamId",
                table: "datasets");

            migrationBuilder.DropColumn(
                name: "TeamId",
                table: "collections");

            migrationBuilder.DropColumn(
                name: "TeamId",
                table: "ab_tests");
        }
    }
}
