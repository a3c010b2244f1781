# syntax=docker/dockerfile:1
# K2VV Proxy container image: `docker run -p 8080:8080 IMAGE --upstream URL` starts `k2vv serve`.

# Build stage: restore first from the project files only, so the package layer is reused
# until a project file changes.
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /source
COPY global.json Directory.Build.props Directory.Packages.props ./
COPY src/K2VV.Verification/K2VV.Verification.csproj src/K2VV.Verification/
COPY src/K2VV.Proxy/K2VV.Proxy.csproj src/K2VV.Proxy/
RUN dotnet restore src/K2VV.Proxy/K2VV.Proxy.csproj
COPY src/ src/
RUN dotnet publish src/K2VV.Proxy/K2VV.Proxy.csproj -c Release --no-restore -p:UseAppHost=false -o /app

# Runtime stage: the ASP.NET Core runtime on Ubuntu 24.04, as the image's non-root user `app`.
FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS final
WORKDIR /app
COPY --from=build /app ./

# ASPNETCORE_URLS takes precedence over the image's ASPNETCORE_HTTP_PORTS; clearing the latter
# avoids Kestrel's warning about the override.
ENV ASPNETCORE_URLS=http://+:8080 \
    ASPNETCORE_HTTP_PORTS=
EXPOSE 8080
USER $APP_UID

# The aspnet image has neither curl nor wget. The check uses bash's /dev/tcp and grep, both in
# the Ubuntu base, so the image needs no extra package: it sends GET /healthz and is healthy
# when the status line carries 200.
HEALTHCHECK --interval=30s --timeout=5s --start-period=15s --retries=3 \
    CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/8080 && printf 'GET /healthz HTTP/1.1\\r\\nHost: localhost\\r\\nConnection: close\\r\\n\\r\\n' >&3 && head -n 1 <&3 | grep -q ' 200 '"]

ENTRYPOINT ["dotnet", "k2vv.dll", "serve"]
