import Foundation
import NIOHTTP1

extension RegistryClient {
  /// The digest `reference` (a tag or a digest) points to: `HEAD /v2/NAME/manifests/REF` accepting Docker v2
  /// manifests and lists and OCI manifests and indexes, read from `Docker-Content-Digest`.
  /// - Returns: nil when the registry answers 404 (no such tag, manifest or repository).
  public func digest(_ repository: String, reference: String) async throws(RegistryError) -> String? {
    let request = manifestRequest(.HEAD, repository, reference)
    let answer = try await send(request, allowing: [404])
    guard answer.status != 404 else { return nil }
    guard let digest = answer.headers.first(name: "Docker-Content-Digest"), !digest.isEmpty else {
      throw .decoding(type: "manifest digest", path: request.path, reason: "no Docker-Content-Digest header")
    }
    return digest
  }

  /// The manifest `reference` (tag or digest) points to: its media type, config and layers, or its children when it
  /// is a list or index.
  /// - Throws: `RegistryError.http` 404 when there is no such manifest.
  public func manifest(_ repository: String, reference: String) async throws(RegistryError) -> RegistryManifest {
    let request = manifestRequest(.GET, repository, reference)
    let (body, answer) = try await send(request, as: RegistryManifest.Body.self)
    let contentType = answer.headers.first(name: "Content-Type")?.split(separator: ";").first.map {
      $0.trimmingCharacters(in: .whitespaces)
    }
    let digest = answer.headers.first(name: "Docker-Content-Digest") ?? (reference.contains(":") ? reference : nil)
    guard let digest else {
      throw .decoding(type: "RegistryManifest", path: request.path, reason: "no Docker-Content-Digest header")
    }
    guard let mediaType = body.mediaType ?? contentType else {
      throw .decoding(type: "RegistryManifest", path: request.path, reason: "no mediaType and no Content-Type")
    }
    guard body.schemaVersion == 2 else {
      throw .decoding(
        type: "RegistryManifest", path: request.path,
        reason: "schema version \(body.schemaVersion.map(String.init) ?? "none") (only schema 2 is read)")
    }
    return RegistryManifest(
      digest: digest, mediaType: mediaType, config: body.config, layers: body.layers ?? [],
      manifests: body.manifests ?? [])
  }

  /// The blobs (configs and layers) `reference` needs, each once: an image's own, or for a list or index those of
  /// every child manifest in this repository (children the registry does not have are skipped).
  public func blobs(_ repository: String, reference: String) async throws(RegistryError) -> [RegistryDescriptor] {
    let top = try await manifest(repository, reference: reference)
    var images = [top]
    if top.isIndex {
      images = []
      for child in top.manifests {
        do throws(RegistryError) {
          images.append(try await manifest(repository, reference: child.digest))
        } catch  where error.status == 404 {
          continue
        }
      }
    }
    var seen: Set<String> = []
    var blobs: [RegistryDescriptor] = []
    for image in images {
      for blob in [image.config].compactMap({ $0 }) + image.layers where seen.insert(blob.digest).inserted {
        blobs.append(blob)
      }
    }
    return blobs
  }

  /// Deletes the manifest `digest` (`DELETE /v2/NAME/manifests/DIGEST`, 202). Every tag on that digest goes with it
  /// (distribution#3828). The blobs stay until the registry's garbage collection runs.
  /// - Throws: `RegistryError.deleteDisabled` when the registry's config does not enable deletes; `.http` 404 when
  ///   there is no such manifest; `.invalidAddress` is never thrown here.
  public func deleteManifest(_ repository: String, digest: String) async throws(RegistryError) {
    guard digest.contains(":") else {
      throw .http(
        status: 400, message: "deletes go by digest (sha256:…), not by tag \"\(digest)\"", method: "DELETE",
        path: "/v2/\(repository)/manifests/\(digest)")
    }
    _ = try await send(HTTPRequest(method: .DELETE, path: "/v2/\(repository)/manifests/\(digest)"))
  }

  private func manifestRequest(_ method: HTTPMethod, _ repository: String, _ reference: String) -> HTTPRequest {
    var request = HTTPRequest(method: method, path: "/v2/\(repository)/manifests/\(reference)")
    request.headers.add(name: "Accept", value: RegistryManifest.acceptedMediaTypes.joined(separator: ", "))
    return request
  }
}
