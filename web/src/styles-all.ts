/**
 * All of Mantine's styles, in its CSS layer: loaded with the first page other than the reporter's first
 * screen (App.tsx), which carries only the styles it draws (boot.tsx). Rules already there are the same
 * rules again, so the order of the two sheets changes nothing.
 */
import '@mantine/core/styles.layer.css';
