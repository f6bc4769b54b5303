/** The project version shown by `lotluca --version`, read from package.json. */
import packageJson from "../package.json" with { type: "json" };

export const PROJECT_VERSION: string = packageJson.version;
