/** Image references as the platform's registry keeps them. */

/**
 * Where an image is kept in the platform's registry: its full source reference (Docker Hub's implied `docker.io`
 * and `library/` made explicit) under the registry, e.g. `postgres:17.6-alpine` ->
 * `<registry>/docker.io/library/postgres:17.6-alpine`. The source stays readable in the name, and two registries'
 * images of the same name never collide.
 */
export function mirroredImage(loginServer: string, image: string): string {
  return `${loginServer}/${sourceImage(image)}`;
}

/** An image reference with its registry host and Docker Hub's `library/` explicit. */
export function sourceImage(image: string): string {
  const [first, ...rest] = image.split("/");
  const hasHost = rest.length > 0 && (first.includes(".") || first.includes(":") || first === "localhost");
  if (hasHost && first !== "docker.io" && first !== "index.docker.io") return image;
  // Docker Hub, however it is spelled: one name is an official image, under library/.
  const path = hasHost ? rest : [first, ...rest];
  return path.length === 1 ? `docker.io/library/${path[0]}` : `docker.io/${path.join("/")}`;
}
