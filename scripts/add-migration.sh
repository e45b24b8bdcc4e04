#!/usr/bin/env bash
# Adds an EF Core migration for BOTH database providers (SQLite and PostgreSQL):
#   bash scripts/add-migration.sh AddConversationPinning
# Why this detour: Microsoft.EntityFrameworkCore.Design does not restore from our package mirror (its dependency
# Mono.TextTemplating is missing), so no project in the repo can reference it. This script builds a throwaway
# design-time project in a temp folder that references AdminChat.Core and the Design DLL directly (only T4
# templates need Mono.TextTemplating), and runs the dotnet-ef tool with it as the startup project. The migrations
# land in src/AdminChat.Core/Storage/Migrations/{Sqlite,Postgres}. Nothing outside that folder changes.
set -euo pipefail
cd "$(dirname "$0")/.."

name="${1:-}"
if [ -z "$name" ]; then
  echo "usage: $0 MigrationName" >&2
  exit 2
fi

ef_version=10.0.14
repo=$(pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/adminchat-efdesign.XXXXXX")
trap 'rm -rf "$work"' EXIT

cat >"$work/efdesign.csproj" <<EOF
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup>
    <OutputType>Exe</OutputType>
    <TargetFramework>net10.0</TargetFramework>
    <ImplicitUsings>enable</ImplicitUsings>
    <Nullable>enable</Nullable>
    <ManagePackageVersionsCentrally>false</ManagePackageVersionsCentrally>
    <NoWarn>\$(NoWarn);NU1603</NoWarn>
  </PropertyGroup>
  <ItemGroup>
    <FrameworkReference Include="Microsoft.AspNetCore.App" />
    <PackageDownload Include="Microsoft.EntityFrameworkCore.Design" Version="[$ef_version]" />
    <Reference Include="Microsoft.EntityFrameworkCore.Design">
      <HintPath>\$(NuGetPackageRoot)microsoft.entityframeworkcore.design/$ef_version/lib/net10.0/Microsoft.EntityFrameworkCore.Design.dll</HintPath>
    </Reference>
    <!-- What the Design DLL needs to generate C# (the versions the mirror has). -->
    <PackageReference Include="Humanizer.Core" Version="2.14.1" />
    <PackageReference Include="Microsoft.CodeAnalysis.CSharp.Workspaces" Version="5.12.0" />
    <ProjectReference Include="$repo/src/AdminChat.Core/AdminChat.Core.csproj" />
  </ItemGroup>
</Project>
EOF

# Generating a migration compares the model with the snapshot; no database is contacted, so these connection
# strings only have to be well-formed.
cat >"$work/Factories.cs" <<'EOF'
using AdminChat.Core.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

public sealed class SqliteFactory : IDesignTimeDbContextFactory<SqliteAdminChatDbContext>
{
    public SqliteAdminChatDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqliteAdminChatDbContext>().UseSqlite("Data Source=design.db").Options);
}

public sealed class PostgresFactory : IDesignTimeDbContextFactory<PostgresAdminChatDbContext>
{
    public PostgresAdminChatDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgresAdminChatDbContext>().UseNpgsql("Host=127.0.0.1;Database=design;Username=design").Options);
}

public static class Program
{
    public static void Main()
    {
    }
}
EOF

cd "$work"
dotnet new tool-manifest >/dev/null
dotnet tool install dotnet-ef --version "$ef_version" >/dev/null
dotnet build -v q -nologo >/dev/null

for provider in Sqlite Postgres; do
  echo "Adding $name for $provider..."
  dotnet ef migrations add "$name" \
    --project "$repo/src/AdminChat.Core" \
    --startup-project "$work" \
    --context "${provider}AdminChatDbContext" \
    --output-dir "Storage/Migrations/$provider" \
    --no-build
done

echo "Done. Review src/AdminChat.Core/Storage/Migrations/, then run the Storage tests on both providers."
