// Remembers the light/dark choice for a year in a cookie that the server reads (ThemeCookie.cs) when it renders a page.
window.emrTheme = {
    save(dark) {
        const secure = location.protocol === "https:" ? "; secure" : "";
        document.cookie = `EmrAuth.Theme=${dark ? "dark" : "light"}; path=/; max-age=31536000; samesite=strict${secure}`;
    },
};
