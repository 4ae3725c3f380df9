/** The ask page with a question ready to send (the person may still edit it first). */
export const askHref = (question: string) => `/?${new URLSearchParams({ q: question })}`;
