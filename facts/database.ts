/** The application database RDS creates and the API host's env file names. */
export const databaseName = "irisx";
export const databaseUser = "irisx";
