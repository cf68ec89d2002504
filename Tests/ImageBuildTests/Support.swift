import ImageBuild
import Testing

/// Parses a Dockerfile given as text (the file is named `Dockerfile`).
func parse(
  _ text: String, buildArgs: [String: String] = [:], localImages: Set<String> = [], file: String = "Dockerfile"
) throws -> Dockerfile {
  try DockerfileParser(buildArgs: buildArgs, localImages: localImages).parse(text, file: file)
}

/// The error parsing `text` throws, or nil when it parses.
func parseError(_ text: String, localImages: Set<String> = []) -> DockerfileError? {
  do {
    _ = try parse(text, localImages: localImages)
    return nil
  } catch let error as DockerfileError {
    return error
  } catch {
    return nil
  }
}

/// The normalized image references of a parsed file, in order.
func images(_ dockerfile: Dockerfile) -> [String] {
  dockerfile.imageReferences.compactMap { reference in
    if case .image(let image) = reference.target { image.normalized } else { nil }
  }
}
