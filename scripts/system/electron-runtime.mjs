// The Electron runtime (the binary the `electron` npm package does not ship): is it installed, and
// installing it on demand, the way the package's own install.js does, plus what `npm start` needs
// on top: progress on stderr, a time limit, and a one-line reason when it fails.
//
// Same path as node_modules/electron/install.js, step for step: @electron/get's downloadArtifact
// (the copy the electron package depends on) with the same details -- the package's version,
// artifact `electron`, ELECTRON_INSTALL_PLATFORM/ARCH (or npm_config_platform/arch), the cache root
// `electron_config_cache`, the package's checksums.json unless `electron_use_remote_checksums` is
// set (then SHASUMS256.txt from the mirror) -- so ELECTRON_MIRROR, ELECTRON_CUSTOM_DIR,
// ELECTRON_CUSTOM_FILENAME and their npm_config_electron_* forms are honoured by @electron/get
// itself. Then the zip is unpacked into node_modules/electron/dist with the package's own extractor
// and path.txt names the binary, as install.js does. Two differences, both deliberate:
// `force_no_cache=true` skips reading the cache (install.js passes a `force` flag @electron/get 5
// no longer reads), and the standard proxy variables (HTTPS_PROXY, HTTP_PROXY, NO_PROXY, or npm's
// proxy settings) switch on @electron/get's proxy support without ELECTRON_GET_USE_PROXY.
//
// Works on Node 20.19+ (the project's engines), although electron and @electron/get declare 22.12:
// what they use of Node (fetch, ESM, stream helpers) is in 20; tests/host/electron-start-download
// runs this exact path on the machines' Node 20.
import { existsSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

/** The whole download (checksums included) must finish within this, unless STOMP_EXPLORER_ELECTRON_TIMEOUT says otherwise. */
export const DEFAULT_TIMEOUT_S = 600;
/** No byte for this long (connecting included) means the network is not going to deliver. */
export const STALL_TIMEOUT_S = 30;

/** install.js's getPlatformPath: the binary's path inside dist/. */
export function platformPath(platform = process.env.ELECTRON_INSTALL_PLATFORM || process.env.npm_config_platform || process.platform) {
  switch (platform) {
    case 'mas':
    case 'darwin':
      return 'Electron.app/Contents/MacOS/Electron';
    case 'freebsd':
    case 'openbsd':
    case 'linux':
      return 'electron';
    case 'win32':
      return 'electron.exe';
    default:
      throw new Error(`Electron builds are not available on platform ${platform}`);
  }
}

function packageVersion(electronDir) {
  return JSON.parse(readFileSync(join(electronDir, 'package.json'), 'utf8')).version;
}

/**
 * The installed binary, or undefined. install.js's isInstalled: dist/version is the package's
 * version, path.txt names this platform's binary, and the binary exists. ELECTRON_OVERRIDE_DIST_PATH
 * (a runtime the user provides) is used as it is.
 */
export function installedBinary(electronDir, env = process.env) {
  const override = env.ELECTRON_OVERRIDE_DIST_PATH;
  if (override) {
    const binary = join(override, readText(join(electronDir, 'path.txt')) || platformPath());
    return existsSync(binary) ? binary : undefined;
  }
  const executable = readText(join(electronDir, 'path.txt'));
  if (!executable || executable !== platformPath()) return undefined;
  if (readText(join(electronDir, 'dist', 'version')).replace(/^v/, '') !== packageVersion(electronDir)) return undefined;
  const binary = join(electronDir, 'dist', executable);
  return existsSync(binary) ? binary : undefined;
}

function readText(path) {
  try {
    return readFileSync(path, 'utf8').trim();
  } catch {
    return '';
  }
}

/** The time limit in seconds from STOMP_EXPLORER_ELECTRON_TIMEOUT, else the default. */
export function timeLimitSeconds(env = process.env) {
  const raw = env.STOMP_EXPLORER_ELECTRON_TIMEOUT;
  if (raw === undefined || raw === '') return DEFAULT_TIMEOUT_S;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`STOMP_EXPLORER_ELECTRON_TIMEOUT must be a number of seconds above 0, not ${JSON.stringify(raw)}`);
  return value;
}

/** npm's proxy settings reach scripts as npm_config_*; @electron/get's proxy support reads the standard names. */
function proxyFromNpm(env) {
  const https = env.npm_config_https_proxy || env.npm_config_proxy;
  const http = env.npm_config_proxy;
  if (https && !env.HTTPS_PROXY && !env.https_proxy) env.HTTPS_PROXY = https;
  if (http && !env.HTTP_PROXY && !env.http_proxy) env.HTTP_PROXY = http;
  if (env.npm_config_noproxy && !env.NO_PROXY && !env.no_proxy) env.NO_PROXY = env.npm_config_noproxy;
}

function wantsProxy(env) {
  return ['HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy', 'ELECTRON_GET_USE_PROXY'].some((name) => env[name]);
}

/**
 * Downloads (or takes from the cache), verifies and unpacks the runtime into <electronDir>/dist.
 * Resolves with the binary's path; rejects with an Error whose message is one line saying why.
 * `onProgress({ transferred, total, url })` is called as bytes arrive.
 */
export async function installRuntime(electronDir, { onProgress = () => undefined, onStart = () => undefined, env = process.env } = {}) {
  const limitS = timeLimitSeconds(env);
  const requireFromElectron = createRequire(join(electronDir, 'package.json'));
  const get = await import(pathToFileURL(requireFromElectron.resolve('@electron/get')).href);
  proxyFromNpm(env);
  if (wantsProxy(env)) get.initializeProxy();

  const version = packageVersion(electronDir);
  const platform = env.ELECTRON_INSTALL_PLATFORM || env.npm_config_platform || process.platform;
  const arch = env.ELECTRON_INSTALL_ARCH || env.npm_config_arch || process.arch;
  const remoteChecksums = env.electron_use_remote_checksums || env.npm_config_electron_use_remote_checksums;

  const controller = new AbortController();
  let reason = '';
  const abort = (why) => {
    reason ||= why;
    controller.abort(new Error(why));
  };
  const overall = setTimeout(() => abort(`it took longer than ${limitS} s (STOMP_EXPLORER_ELECTRON_TIMEOUT)`), limitS * 1000);
  const stallS = Math.min(STALL_TIMEOUT_S, limitS);
  let stall;
  let currentUrl = '';
  let artifactUrl = '';
  const armStall = () => {
    clearTimeout(stall);
    stall = setTimeout(() => abort(`no data from ${currentUrl || 'the mirror'} for ${stallS} s`), stallS * 1000);
  };

  const details = {
    version,
    artifactName: 'electron',
    platform,
    arch,
    cacheRoot: env.electron_config_cache,
    cacheMode: env.force_no_cache === 'true' ? get.ElectronDownloadCacheMode.WriteOnly : get.ElectronDownloadCacheMode.ReadWrite,
    checksums: remoteChecksums ? undefined : JSON.parse(readFileSync(join(electronDir, 'checksums.json'), 'utf8')),
    // A downloader of our own only to learn each URL; the fetching is @electron/get's FetchDownloader.
    downloader: {
      download(url, target, options) {
        currentUrl = url;
        artifactUrl ||= url;
        onStart({ url });
        armStall();
        return new get.FetchDownloader().download(url, target, options);
      },
    },
    downloadOptions: {
      quiet: true,
      signal: controller.signal,
      getProgressCallback: (progress) => {
        armStall();
        onProgress({ ...progress, url: currentUrl });
      },
    },
  };

  let zipPath;
  try {
    zipPath = await get.downloadArtifact(details);
  } catch (error) {
    throw new Error(reason || describeFailure(error, currentUrl, artifactUrl));
  } finally {
    clearTimeout(overall);
    clearTimeout(stall);
  }

  // install.js's extractFile: unpack into dist/, move the type definitions up, write path.txt last
  // (so a half-unpacked dist/ is never taken for an installed runtime).
  const dist = join(electronDir, 'dist');
  rmSync(join(electronDir, 'path.txt'), { force: true });
  try {
    const { extract } = await import(pathToFileURL(requireFromElectron.resolve('@electron-internal/extract-zip')).href);
    await extract(zipPath, { dir: dist });
  } catch (error) {
    throw new Error(`unpacking ${zipPath} into ${dist} failed: ${oneLine(error)}`);
  }
  const typeDefinitions = join(dist, 'electron.d.ts');
  if (existsSync(typeDefinitions)) renameSync(typeDefinitions, join(electronDir, 'electron.d.ts'));
  await writeFile(join(electronDir, 'path.txt'), platformPath(platform));
  const binary = installedBinary(electronDir, { ...env, ELECTRON_OVERRIDE_DIST_PATH: '' });
  if (binary === undefined) throw new Error(`the archive from ${currentUrl || 'the cache'} unpacked, but ${join(dist, platformPath(platform))} with dist/version ${version} is not there`);
  return binary;
}

function describeFailure(error, url, artifactUrl) {
  const message = oneLine(error);
  if (error?.name === 'ChecksumMismatchError' || /did not match expected checksum/.test(message)) {
    return `${artifactUrl || url} does not match its checksum: ${message}`;
  }
  if (error?.name === 'NoChecksumFoundError' || /No checksum found/i.test(message)) return `${artifactUrl || url} has no checksum to verify it against: ${message}`;
  // fetch's own message is "fetch failed"; the reason (ENOTFOUND, ECONNREFUSED...) is its cause.
  const cause = error?.cause;
  const detail = cause ? oneLine(cause) + (cause.code && !oneLine(cause).includes(cause.code) ? ` (${cause.code})` : '') : message;
  return url && !detail.includes(url) ? `${url}: ${detail}` : detail;
}

function oneLine(error) {
  return String(error?.message ?? error).split('\n')[0].trim();
}
